import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { WRONG_KEY_MESSAGE } from '../../src/server/key-check.js';
import { awsFailure } from '../support/aws-errors.js';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { startTestServer, type Credentials } from '../support/server.js';

/**
 * Two nodes on one PostgreSQL database behave as one service: what is written through one is
 * seen, and enforced, by the other at once; neither keeps anything the other must know.
 */
describe('two nodes on one PostgreSQL database', () => {
  let cluster: TestCluster;
  const node = (i: number) => {
    const n = cluster.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };

  beforeAll(async () => {
    cluster = await startCluster(2);
  });
  afterAll(() => cluster.close());

  async function userWithKey(name: string): Promise<Credentials> {
    const admin = node(0).iam();
    await admin.send(new CreateUserCommand({ UserName: name }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  }

  it('started together, migrated and bootstrapped the account once', async () => {
    const { Users } = await node(1).iam().send(new ListUsersCommand({}));
    expect(Users?.map((u) => u.UserName)).toEqual(['admin']);
  });

  it('a user created on one node is usable on the other at once', async () => {
    const alice = await userWithKey('alice');
    const { User } = await node(1)
      .iam()
      .send(new GetUserCommand({ UserName: 'alice' }));
    expect(User?.Arn).toBe(`arn:aws:iam::${node(1).accountId}:user/alice`);
    // Its new key signs requests the other node accepts.
    const identity = await node(1).sts(alice).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(User?.Arn);
  });

  it('a policy change on one node is enforced on the other within a second', async () => {
    const bob = await userWithKey('bob');
    const onOther = node(1).iam(bob);
    const denied = await awsFailure(onOther.send(new ListUsersCommand({})));
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 });

    const allow = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }],
    };
    await node(0)
      .iam()
      .send(
        new PutUserPolicyCommand({
          UserName: 'bob',
          PolicyName: 'list',
          PolicyDocument: JSON.stringify(allow),
        }),
      );
    const granted = Date.now();
    await onOther.send(new ListUsersCommand({}));
    expect(Date.now() - granted).toBeLessThan(1000);

    await node(0)
      .iam()
      .send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'list' }));
    const revoked = Date.now();
    expect(await awsFailure(onOther.send(new ListUsersCommand({})))).toMatchObject({ code: 'AccessDenied' });
    expect(Date.now() - revoked).toBeLessThan(1000);
  });

  it('a node whose encryption key is not the others’ refuses to start', async () => {
    await expect(
      startTestServer({
        databaseUrl: cluster.databaseUrl,
        admin: node(0).admin,
        encryptionKey: randomBytes(32).toString('base64'),
      }),
    ).rejects.toThrow(WRONG_KEY_MESSAGE);
  });
});
