import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from '../support/aws-cli.js';
import { awsFailure } from '../support/aws-errors.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { accountOfAccessKeyId } from '../../src/iam/access-key-ids.js';

describe('STS on the same endpoint', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('GetCallerIdentity answers who signed, through the SDK and the CLI', async () => {
    const identity = await t.sts().send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: t.accountId, Arn: `arn:aws:iam::${t.accountId}:user/admin` });
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(await aws(t.url, t.admin, 'sts', 'get-caller-identity')).toEqual({
      UserId: identity.UserId,
      Account: t.accountId,
      Arn: identity.Arn,
    });
  });

  it('needs no permission, even against an explicit deny', async () => {
    const iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'nobody-allowed' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'nobody-allowed',
        PolicyName: 'DenyAll',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: { Effect: 'Deny', Action: '*', Resource: '*' },
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody-allowed' }));
    const sts = t.sts({
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${t.accountId}:user/nobody-allowed`,
    );
  });

  it('refuses a wrong secret with STS’s own error', async () => {
    const sts = t.sts({
      accessKeyId: t.admin.accessKeyId,
      secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret00',
    });
    const error = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(STSServiceException);
    expect((error as STSServiceException).$metadata.httpStatusCode).toBe(403);
    expect((error as { Error?: { Code?: string } }).Error?.Code ?? (error as Error).name).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('GetAccessKeyInfo names the account of a key, stored or not, and needs sts:GetAccessKeyInfo', async () => {
    const iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'key-owner' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'key-owner' }));
    const id = AccessKey?.AccessKeyId ?? '';
    // New keys encode their account as AWS's do.
    expect(id).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(accountOfAccessKeyId(id)).toBe(t.accountId);
    expect((await t.sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: id }))).Account).toBe(t.accountId);
    // The administrator's key was given at bootstrap: answered from the store.
    expect(
      (await t.sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: t.admin.accessKeyId }))).Account,
    ).toBe(t.accountId);
    // Another account's key, never seen: the account its id encodes.
    expect(
      (await t.sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: 'ASIAY34FZKBOKMUTVV7A' }))).Account,
    ).toBe('609629065308');
    expect(await aws(t.url, t.admin, 'sts', 'get-access-key-info', '--access-key-id', id)).toEqual({
      Account: t.accountId,
    });
    // key-owner has no policy: the action needs a permission like any other.
    const owner = t.sts({ accessKeyId: id, secretAccessKey: AccessKey?.SecretAccessKey ?? '' });
    expect(await awsFailure(owner.send(new GetAccessKeyInfoCommand({ AccessKeyId: id })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${t.accountId}:user/key-owner is not authorized to perform: sts:GetAccessKeyInfo because no identity-based policy allows the sts:GetAccessKeyInfo action`,
    });
  });
});
