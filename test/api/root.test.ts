import {
  CreateUserCommand,
  GetAccountSummaryCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure } from '../support/aws-errors.js';
import { ec2Client } from '../support/ec2.js';
import { iamfa } from '../support/iamfa-cli.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * The account root, as AWS's behaves: `arn:aws:iam::ACCOUNT:root` with the account id as its user
 * id, allowed everything (no policy governs it), never listed or counted among the users, refused
 * AssumeRole, and able to get session tokens.
 */

describe('the account root', () => {
  let t: TestServer;
  let root: Credentials;
  const rootArn = () => `arn:aws:iam::${t.accountId}:root`;

  beforeAll(async () => {
    t = await startTestServer();
    const args = ['root-access-key', '--data-dir', t.dataDir, '--json'];
    if (t.databaseUrl !== undefined) args.push('--database-url', t.databaseUrl);
    const run = await iamfa(...args);
    expect(run.stderr).toBe('');
    const key = JSON.parse(run.stdout) as { AccessKeyId: string; SecretAccessKey: string };
    root = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  });
  afterAll(() => t.close());

  it('is the account: its ARN, and the account id as its user id', async () => {
    expect(await t.sts(root).send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: t.accountId,
      UserId: t.accountId,
      Arn: rootArn(),
    });
    const { User } = await t.iam(root).send(new GetUserCommand({}));
    expect(User).toMatchObject({ UserId: t.accountId, Arn: rootArn() });
    expect(User?.UserName).toBeUndefined();
  });

  it('may do anything, without any policy', async () => {
    await t.iam(root).send(new CreateUserCommand({ UserName: 'made-by-root' }));
    expect((await ec2Client(t, root).send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
    // Its own keys are listed as its own.
    expect(
      (await t.iam(root).send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.map((k) => k.AccessKeyId),
    ).toEqual([root.accessKeyId]);
  });

  it('is no user: not listed, not counted', async () => {
    const { Users } = await t.iam().send(new ListUsersCommand({}));
    expect(Users?.map((u) => u.UserName)).toEqual(['admin', 'made-by-root']);
    expect((await t.iam().send(new GetAccountSummaryCommand({}))).SummaryMap?.Users).toBe(2);
  });

  it('may not assume a role', async () => {
    expect(
      await awsFailure(
        t.sts(root).send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${t.accountId}:role/any`,
            RoleSessionName: 'root-session',
          }),
        ),
      ),
    ).toEqual({ code: 'AccessDenied', status: 403, message: 'Roles may not be assumed by root accounts.' });
  });

  it('gets session tokens, and the session acts as the root', async () => {
    // (The root's MFA device is enabled in AWS's console only: EnableMFADevice needs a UserName.)
    const { Credentials: issued } = await t.sts(root).send(new GetSessionTokenCommand({}));
    const session = {
      accessKeyId: issued?.AccessKeyId ?? '',
      secretAccessKey: issued?.SecretAccessKey ?? '',
      sessionToken: issued?.SessionToken ?? '',
    };
    expect((await t.sts(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(rootArn());
    expect((await ec2Client(t, session).send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
  });
});
