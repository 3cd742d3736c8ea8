import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  AttachUserPolicyCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  ListAttachedUserPoliciesCommand,
  ListUsersCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure, type AwsFailure } from '../support/aws-errors.js';
import { startCluster, type TestCluster } from '../support/cluster.js';

/**
 * PostgreSQL runs the nodes' transactions concurrently: a name checked free by two of them at
 * once is still created once, a check that something is unused still holds when the deletion
 * commits, and every request that lost a race gets the AWS error it would have got coming second
 * (never a 500).
 */
describe('races between two nodes', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(2);
  });
  afterAll(() => cluster.close());

  /** Sends `count` copies of a request, alternating between the nodes, all at once. */
  async function race(
    count: number,
    send: (iam: IAMClient) => Promise<unknown>,
  ): Promise<{ succeeded: number; failures: AwsFailure[] }> {
    const clients = cluster.nodes.map((node) => node.iam());
    const outcomes = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => awsFailure(send(clients[i % clients.length] as IAMClient))),
    );
    const failures: AwsFailure[] = [];
    let succeeded = 0;
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') failures.push(outcome.value);
      else if (outcome.reason instanceof Error && outcome.reason.message === 'The call succeeded.')
        succeeded++;
      else throw outcome.reason;
    }
    return { succeeded, failures };
  }

  it('50 CreateUser with one name: exactly one succeeds, 49 are EntityAlreadyExists', async () => {
    const { succeeded, failures } = await race(50, (iam) =>
      iam.send(new CreateUserCommand({ UserName: 'same' })),
    );
    expect(succeeded).toBe(1);
    expect(failures).toHaveLength(49);
    for (const failure of failures)
      expect(failure).toEqual({
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'User with name same already exists.',
      });
    const { Users } = (await cluster.nodes[1]?.iam().send(new ListUsersCommand({}))) ?? {};
    expect(Users?.filter((u) => u.UserName === 'same')).toHaveLength(1);
  });

  it('names differing only in case are one name', async () => {
    const { succeeded, failures } = await race(10, (iam) =>
      iam.send(new CreateUserCommand({ UserName: Math.random() < 0.5 ? 'Carol' : 'CAROL' })),
    );
    expect(succeeded).toBe(1);
    expect(failures.map((f) => f.code)).toEqual(Array(9).fill('EntityAlreadyExists'));
  });

  it('groups, roles, policies and MFA devices too', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
    });
    const cases: [string, (iam: IAMClient) => Promise<unknown>, string][] = [
      [
        'Group',
        (iam) => iam.send(new CreateGroupCommand({ GroupName: 'g' })),
        'Group with name g already exists.',
      ],
      [
        'Role',
        (iam) => iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust })),
        'Role with name r already exists.',
      ],
      [
        'Policy',
        (iam) => iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: policy })),
        'A policy called p already exists. Duplicate names are not allowed.',
      ],
      [
        'MFA device',
        (iam) => iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'd' })),
        'MFADevice entity at the same path and name already exists.',
      ],
    ];
    for (const [kind, send, message] of cases) {
      const { succeeded, failures } = await race(10, send);
      expect(succeeded, kind).toBe(1);
      for (const failure of failures)
        expect(failure, kind).toEqual({ code: 'EntityAlreadyExists', status: 409, message });
    }
  });

  it('DeleteUser racing CreateAccessKey on the other node: one wins, the other is told why', async () => {
    const [a, b] = cluster.nodes.map((node) => node.iam());
    if (!a || !b) throw new Error('two nodes');
    for (let round = 0; round < 10; round++) {
      const name = `doomed-${round}`;
      await a.send(new CreateUserCommand({ UserName: name }));
      const [deleted, keyed] = await Promise.allSettled([
        awsFailure(a.send(new DeleteUserCommand({ UserName: name }))),
        awsFailure(b.send(new CreateAccessKeyCommand({ UserName: name }))),
      ]);
      const code = (outcome: PromiseSettledResult<AwsFailure>) =>
        outcome.status === 'fulfilled' ? outcome.value.code : 'ok';
      // Either the user went first (the key finds no user) or the key did (the user owns it).
      expect([
        ['ok', 'NoSuchEntity'],
        ['DeleteConflict', 'ok'],
      ]).toContainEqual([code(deleted), code(keyed)]);
    }
  });

  it('DeletePolicy racing AttachUserPolicy: never an attachment left to a deleted policy', async () => {
    const [a, b] = cluster.nodes.map((node) => node.iam());
    if (!a || !b) throw new Error('two nodes');
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
    });
    await a.send(new CreateUserCommand({ UserName: 'holder' }));
    for (let round = 0; round < 10; round++) {
      const { Policy } = await a.send(
        new CreatePolicyCommand({ PolicyName: `fleeting-${round}`, PolicyDocument: document }),
      );
      const arn = Policy?.Arn ?? '';
      const [deleted, attached] = await Promise.allSettled([
        awsFailure(a.send(new DeletePolicyCommand({ PolicyArn: arn }))),
        awsFailure(b.send(new AttachUserPolicyCommand({ UserName: 'holder', PolicyArn: arn }))),
      ]);
      const code = (outcome: PromiseSettledResult<AwsFailure>) =>
        outcome.status === 'fulfilled' ? outcome.value.code : 'ok';
      expect([
        ['ok', 'NoSuchEntity'],
        ['DeleteConflict', 'ok'],
      ]).toContainEqual([code(deleted), code(attached)]);
      const { AttachedPolicies } = await b.send(new ListAttachedUserPoliciesCommand({ UserName: 'holder' }));
      expect(AttachedPolicies?.some((p) => p.PolicyArn === arn)).toBe(code(attached) === 'ok');
    }
  });
});
