import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

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
});
