import { awsFailure, type AwsFailure } from '../support/aws-errors.js';
import { policyFixture } from '../support/fixtures.js';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetUserCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client } from '../support/ec2.js';
import { aws } from '../support/aws-cli.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * STS GetSessionToken end to end: temporary credentials through the real SDK and CLI, how they
 * authenticate and expire, and how the seeds' policies treat them without MFA: the session's
 * context says aws:MultiFactorAuthPresent=false, where long-term keys carry no MFA key at all
 * (sessions with MFA: test/api/mfa.test.ts).
 */

/** Temporary credentials: always with their session token. */
type SessionCredentials = Credentials & { readonly sessionToken: string };

const INVALID_TOKEN: AwsFailure = {
  code: 'InvalidClientTokenId',
  status: 403,
  message: 'The security token included in the request is invalid.',
};

describe('STS GetSessionToken', () => {
  let t: TestServer;
  let admin: IAMClient;
  const arn = (name: string) => `arn:aws:iam::${t.accountId}:user/${name}`;

  /** A new user with an access key (and the given inline policy); its long-term credentials. */
  async function user(name: string, inline?: object): Promise<Credentials> {
    await admin.send(new CreateUserCommand({ UserName: name }));
    if (inline)
      await admin.send(
        new PutUserPolicyCommand({
          UserName: name,
          PolicyName: 'inline',
          PolicyDocument: JSON.stringify(inline),
        }),
      );
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  }

  /** Temporary credentials for the holder of `longTerm`. */
  async function session(longTerm: Credentials, durationSeconds?: number): Promise<SessionCredentials> {
    const { Credentials: issued } = await t
      .sts(longTerm)
      .send(new GetSessionTokenCommand({ DurationSeconds: durationSeconds }));
    return {
      accessKeyId: issued?.AccessKeyId ?? '',
      secretAccessKey: issued?.SecretAccessKey ?? '',
      sessionToken: issued?.SessionToken ?? '',
    };
  }

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
  });
  afterAll(() => t.close());

  it('issues credentials that act as the user, for the duration asked', async () => {
    const longTerm = await user('alice');
    const before = Date.now();
    const { Credentials: issued } = await t
      .sts(longTerm)
      .send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    expect(issued?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(issued?.SecretAccessKey).toHaveLength(40);
    expect(issued?.SessionToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const expires = issued?.Expiration?.getTime() ?? 0;
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 900_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 900_000);

    const temporary = {
      accessKeyId: issued?.AccessKeyId ?? '',
      secretAccessKey: issued?.SecretAccessKey ?? '',
      sessionToken: issued?.SessionToken ?? '',
    };
    const identity = await t.sts(temporary).send(new GetCallerIdentityCommand({}));
    const longTermIdentity = await t.sts(longTerm).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Arn: arn('alice'), Account: t.accountId });
    expect(identity.UserId).toBe(longTermIdentity.UserId);
  });

  it('lasts 12 hours by default, and refuses a duration outside 900–129600 seconds', async () => {
    const longTerm = await user('default-duration');
    const { Credentials: issued } = await t.sts(longTerm).send(new GetSessionTokenCommand({}));
    expect((issued?.Expiration?.getTime() ?? 0) - Date.now()).toBeGreaterThan(43_200_000 - 60_000);
    expect((issued?.Expiration?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(43_200_000);
    expect(
      (await awsFailure(t.sts(longTerm).send(new GetSessionTokenCommand({ DurationSeconds: 899 })))).code,
    ).toBe('ValidationError');
  });

  it('expire: ExpiredToken once the session is over', async () => {
    const temporary = await session(await user('expiring'), 900);
    await t.sts(temporary).send(new GetCallerIdentityCommand({}));
    await t.withDatabase((db) =>
      db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', temporary.accessKeyId)
        .execute(),
    );
    const expired = {
      code: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    };
    expect(await awsFailure(t.sts(temporary).send(new GetCallerIdentityCommand({})))).toEqual(expired);
    expect(await awsFailure(t.iam(temporary).send(new GetUserCommand({})))).toEqual(expired);
  });

  it('needs the session token: a missing or wrong one is an invalid token', async () => {
    const longTerm = await user('token-checks');
    const temporary = await session(longTerm);
    const withoutToken = { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey };
    expect(await awsFailure(t.sts(withoutToken).send(new GetCallerIdentityCommand({})))).toEqual(
      INVALID_TOKEN,
    );
    const wrong = { ...temporary, sessionToken: `${temporary.sessionToken.slice(0, -2)}AA` };
    expect(await awsFailure(t.sts(wrong).send(new GetCallerIdentityCommand({})))).toEqual(INVALID_TOKEN);
    // Another session's token does not fit this key either.
    const other = await session(longTerm);
    expect(
      await awsFailure(
        t.sts({ ...temporary, sessionToken: other.sessionToken }).send(new GetCallerIdentityCommand({})),
      ),
    ).toEqual(INVALID_TOKEN);
    // A long-term key sent with a session token.
    expect(
      await awsFailure(
        t.sts({ ...longTerm, sessionToken: temporary.sessionToken }).send(new GetCallerIdentityCommand({})),
      ),
    ).toEqual(INVALID_TOKEN);
    // The right token with the wrong secret is a bad signature, as for long-term keys.
    expect(
      (
        await awsFailure(
          t
            .sts({ ...temporary, secretAccessKey: longTerm.secretAccessKey })
            .send(new GetCallerIdentityCommand({})),
        )
      ).code,
    ).toBe('SignatureDoesNotMatch');
  });

  it('refuses to be called with session credentials', async () => {
    const temporary = await session(await user('chained'));
    expect(await awsFailure(t.sts(temporary).send(new GetSessionTokenCommand({})))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    });
  });

  it('answers an MFA serial number the user has no device for as AWS does', async () => {
    const longTerm = await user('no-mfa-device');
    expect(
      await awsFailure(
        t.sts(longTerm).send(
          new GetSessionTokenCommand({
            SerialNumber: `arn:aws:iam::${t.accountId}:mfa/no-mfa-device`,
            TokenCode: '123456',
          }),
        ),
      ),
    ).toEqual({
      code: 'AccessDenied',
      status: 403,
      message:
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    });
  });

  it('needs no permission, and policies do not control it: not even an explicit deny', async () => {
    // "You can include the GetSessionToken action in your policies, but it has no effect on a
    // user's ability to perform the GetSessionToken operation." (IAM User Guide)
    const unpermitted = await user('no-policy');
    expect((await session(unpermitted)).accessKeyId).toMatch(/^ASIA/);
    const denied = await user('denied-gst', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: 'sts:GetSessionToken', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ],
    });
    const temporary = await session(denied);
    expect((await t.sts(temporary).send(new GetCallerIdentityCommand({}))).Arn).toBe(arn('denied-gst'));
    // The deny still governs what the session does.
    expect((await awsFailure(ec2Client(t, temporary).send(new DescribeInstancesCommand({})))).message).toBe(
      `You are not authorized to perform this operation. User: ${arn('denied-gst')} is not authorized to perform: ec2:DescribeInstances with an explicit deny in an identity-based policy`,
    );
  });

  describe('the seeds’ Force-MFA policies, long-term keys against session credentials without MFA', () => {
    let member: Credentials;
    beforeAll(async () => {
      const { Policy } = await admin.send(
        new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: policyFixture('000-force-mfa') }),
      );
      await admin.send(new CreateGroupCommand({ GroupName: 'EC2MFA' }));
      for (const policyArn of [Policy?.Arn, 'arn:aws:iam::aws:policy/AmazonEC2FullAccess'])
        await admin.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: policyArn }));
      member = await user('mfa-user');
      await admin.send(new AddUserToGroupCommand({ GroupName: 'EC2MFA', UserName: 'mfa-user' }));
    });

    it('seed 000 (BoolIfExists false) denies both explicitly', async () => {
      const explicitDeny = {
        code: 'UnauthorizedOperation',
        status: 403,
        message: `You are not authorized to perform this operation. User: ${arn('mfa-user')} is not authorized to perform: ec2:DescribeInstances with an explicit deny in an identity-based policy`,
      };
      // Long-term keys: no aws:MultiFactorAuthPresent at all; BoolIfExists matches its absence.
      expect(await awsFailure(ec2Client(t, member).send(new DescribeInstancesCommand({})))).toEqual(
        explicitDeny,
      );
      // Session without MFA: aws:MultiFactorAuthPresent is false; BoolIfExists matches it too.
      const temporary = await session(member);
      expect(await awsFailure(ec2Client(t, temporary).send(new DescribeInstancesCommand({})))).toEqual(
        explicitDeny,
      );
      // What the seed leaves open to long-term keys (iam:GetUser on oneself), a session without MFA
      // cannot reach at all: such sessions cannot call IAM.
      expect((await t.iam(member).send(new GetUserCommand({}))).User?.UserName).toBe('mfa-user');
      expect(await awsFailure(t.iam(temporary).send(new GetUserCommand({})))).toEqual({
        code: 'InvalidClientTokenId',
        status: 403,
        message: 'The security token included in the request is invalid.',
      });
    });

    it('the same deny with Bool instead of BoolIfExists: the long-term-key loophole', async () => {
      // Seed 000's deny with the plain `Bool` operator AWS warns against: a key that is absent
      // (long-term keys carry no aws:MultiFactorAuthPresent) never matches Bool.
      const loose = await user('bool-user', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
          {
            Effect: 'Deny',
            NotAction: ['iam:GetUser', 'sts:GetSessionToken'],
            Resource: '*',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      });
      // Long-term keys slip through the deny.
      expect((await ec2Client(t, loose).send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
      // The session, whose context says false, is denied.
      const temporary = await session(loose);
      expect(await awsFailure(ec2Client(t, temporary).send(new DescribeInstancesCommand({})))).toEqual({
        code: 'UnauthorizedOperation',
        status: 403,
        message: `You are not authorized to perform this operation. User: ${arn('bool-user')} is not authorized to perform: ec2:DescribeInstances with an explicit deny in an identity-based policy`,
      });
    });
  });

  it('stores neither the secret nor the token in clear', async () => {
    const temporary = await session(await user('at-rest'));
    const row = await t.withDatabase((db) =>
      db.selectFrom('sessions').selectAll().where('id', '=', temporary.accessKeyId).executeTakeFirst(),
    );
    expect(row).toBeDefined();
    const text = JSON.stringify(row);
    expect(text).not.toContain(temporary.secretAccessKey);
    expect(text).not.toContain(temporary.sessionToken);
    expect(text).not.toContain(Buffer.from(temporary.sessionToken, 'base64url').toString('hex'));
    expect(row?.secret).toMatch(/^v1\./);
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.mfa_authenticated_at).toBeNull();
  });

  it('works through the AWS CLI', async () => {
    const longTerm = await user('cli-user');
    const result = (await aws(t.url, longTerm, 'sts', 'get-session-token', '--duration-seconds', '900')) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    };
    expect(result.Credentials.AccessKeyId).toMatch(/^ASIA/);
    expect(Date.parse(result.Credentials.Expiration) - Date.now()).toBeGreaterThan(800_000);
    const identity = await aws(
      t.url,
      {
        accessKeyId: result.Credentials.AccessKeyId,
        secretAccessKey: result.Credentials.SecretAccessKey,
        sessionToken: result.Credentials.SessionToken,
      },
      'sts',
      'get-caller-identity',
    );
    expect(identity).toMatchObject({ Arn: arn('cli-user') });
  });
});
