import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  EnableMFADeviceCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code } from '../../src/auth/totp/index.js';
import { awsFailure, type AwsFailure } from '../support/aws-errors.js';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { ConsoleClient } from '../support/console-client.js';
import { createDevice, enabledDevice, freshStep } from '../support/mfa-device.js';
import { iamQuery } from '../support/query.js';
import type { Credentials, TestServer } from '../support/server.js';
import { outboxTexts, textedCode } from '../support/texts.js';

/**
 * MFA over two nodes: the database, not a node's memory, decides that a code is used once, that
 * a device is enabled once, and how many wrong codes a user has sent.
 */
describe('MFA on two nodes', () => {
  let cluster: TestCluster;
  let nodes: readonly [TestServer, TestServer];
  let admin: IAMClient;

  beforeAll(async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes;
    if (!a || !b) throw new Error('two nodes');
    nodes = [a, b];
    admin = a.iam();
  });
  afterAll(() => cluster.close());

  async function userWithKey(name: string): Promise<Credentials> {
    await admin.send(new CreateUserCommand({ UserName: name }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  }

  /** Both outcomes of one call sent to each node at the same moment: successes and failures. */
  async function onBoth(
    send: (node: TestServer, i: number) => Promise<unknown>,
  ): Promise<{ succeeded: number; failures: AwsFailure[] }> {
    const outcomes = await Promise.allSettled(nodes.map((node, i) => awsFailure(send(node, i))));
    const failures = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    for (const o of outcomes)
      if (
        o.status === 'rejected' &&
        !(o.reason instanceof Error && o.reason.message === 'The call succeeded.')
      )
        throw o.reason;
    return { succeeded: outcomes.length - failures.length, failures };
  }

  it('the same TOTP code sent to GetSessionToken on both nodes at once is accepted exactly once', async () => {
    // Several users at once, each sending one code to both nodes: each code wins once.
    const users = await Promise.all(
      ['u0', 'u1', 'u2', 'u3', 'u4'].map(async (name) => {
        const key = await userWithKey(name);
        return { key, device: await enabledDevice(admin, `${name}-device`, name) };
      }),
    );
    const results = await Promise.all(
      users.map(({ key, device }) =>
        onBoth((node) =>
          node.sts(key).send(
            new GetSessionTokenCommand({
              SerialNumber: device.serial,
              TokenCode: code(device.seed, device.step + 1),
            }),
          ),
        ),
      ),
    );
    for (const { succeeded, failures } of results) {
      expect(succeeded).toBe(1);
      expect(failures).toEqual([
        {
          code: 'AccessDenied',
          status: 403,
          message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
        },
      ]);
    }
  });

  it('the same texted SMS code sent to GetSessionToken on both nodes at once is accepted exactly once', async () => {
    const [a, b] = nodes;
    const names = ['s0', 's1', 's2'];
    const phone = (i: number) => `+1555555020${i}`;
    const keys = await Promise.all(names.map((name) => userWithKey(name)));
    // Each registers a phone on one node and proves it on the other; the outbox is shared.
    for (const [i, name] of names.entries()) {
      const params = { UserName: name, PhoneNumber: phone(i) };
      expect((await iamQuery(a.url, a.admin, 'RequestSmsMfaRegistration', params)).status).toBe(200);
    }
    const registrations = await outboxTexts(a);
    for (const [i, name] of names.entries()) {
      const AuthenticationCode = await textedCode(a, phone(i), registrations);
      const finalized = await iamQuery(b.url, b.admin, 'FinalizeSmsMfaRegistration', {
        UserName: name,
        AuthenticationCode,
      });
      expect(finalized.status).toBe(200);
    }
    // Signing in to the console on node a texts each a code…
    for (const name of names) {
      await admin.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Initial-Passw0rd!' }));
      const browser = new ConsoleClient(a.url);
      const signedIn = await browser.signIn({
        account: a.accountId,
        userName: name,
        password: 'Initial-Passw0rd!',
      });
      expect(signedIn.body).toMatchObject({ stage: 'mfa', smsSentTo: expect.stringMatching(/^•••• 020\d$/) });
    }
    // …which both nodes are then sent at once, for every user at once.
    const texts = await outboxTexts(a);
    const results = await Promise.all(
      names.map(async (name, i) => {
        const TokenCode = await textedCode(a, phone(i), texts);
        const SerialNumber = `arn:aws:iam::${a.accountId}:sms-mfa/${name}`;
        return onBoth((node) =>
          node.sts(keys[i]).send(new GetSessionTokenCommand({ SerialNumber, TokenCode })),
        );
      }),
    );
    for (const { succeeded, failures } of results) {
      expect(succeeded).toBe(1);
      expect(failures).toEqual([
        {
          code: 'AccessDenied',
          status: 403,
          message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
        },
      ]);
    }
  });

  it('one device enabled for two users on the two nodes at once is enabled for one', async () => {
    await userWithKey('v0');
    await userWithKey('v1');
    const device = await createDevice(admin, 'contested');
    const step = await freshStep();
    // Disjoint codes (steps s-1, s and s+1, s+2), so the used steps do not decide: the assignment does.
    const { succeeded, failures } = await onBoth((node, i) =>
      node.iam().send(
        new EnableMFADeviceCommand({
          UserName: `v${i}`,
          SerialNumber: device.serial,
          AuthenticationCode1: code(device.seed, step - 1 + 2 * i),
          AuthenticationCode2: code(device.seed, step + 2 * i),
        }),
      ),
    );
    expect(succeeded).toBe(1);
    expect(failures).toEqual([
      { code: 'EntityAlreadyExists', status: 409, message: 'MFA Device is already in use.' },
    ]);
  });

  it('wrong codes sent to both nodes at once are all counted', async () => {
    const key = await userWithKey('w');
    const device = await enabledDevice(admin, 'w-device', 'w');
    const wrong = code(device.seed, device.step + 5);
    // Every request here comes from 127.0.0.1: forget the address's earlier failures (counted per
    // address too), so that only the user's count is at stake.
    await nodes[0].withDatabase((db) => db.deleteFrom('console_signin_failures').execute());
    // Four at once (below the count from which attempts must wait), two to each node.
    await Promise.all(
      [0, 1, 0, 1].map((i) =>
        awsFailure(
          nodes[i as 0 | 1]
            .sts(key)
            .send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: wrong })),
        ),
      ),
    );
    const failures = await nodes[0].withDatabase((db) =>
      db
        .selectFrom('mfa_failures')
        .innerJoin('users', 'users.id', 'mfa_failures.user_id')
        .select('count')
        .where('users.name', '=', 'w')
        .executeTakeFirst(),
    );
    expect(failures?.count).toBe(4);
  });
});
