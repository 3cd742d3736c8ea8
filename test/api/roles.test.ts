import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EnableMFADeviceCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  type AssumeRoleCommandInput,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, timeStep } from '../../src/auth/totp/index.js';
import { awsFailure } from '../support/aws-errors.js';
import { decodeBase32 } from '../support/base32.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * Roles and STS AssumeRole end to end through the real SDK: role CRUD, who may assume a role (the
 * caller's policies and the role's trust policy, MFA in the trust policy's context), and what the
 * role session may then do (the role's policies, narrowed by session policies).
 */

type SessionCredentials = Credentials & { readonly sessionToken: string };

const ALLOW_ASSUME = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
};
const LIST_USERS_AND_GROUPS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListGroups'], Resource: '*' }],
});

function trust(principal: string, condition?: object): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: 'sts:AssumeRole',
        ...(condition && { Condition: condition }),
      },
    ],
  });
}

/** The current time step, waiting first if fewer than 4 seconds of it remain. */
async function freshStep(): Promise<number> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 4000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  return timeStep(new Date());
}

describe('roles and AssumeRole', () => {
  let t: TestServer;
  let admin: IAMClient;
  const roleArn = (name: string, path = '/') => `arn:aws:iam::${t.accountId}:role${path}${name}`;
  const userArn = (name: string) => `arn:aws:iam::${t.accountId}:user/${name}`;

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

  async function assume(
    as: Credentials,
    input: Omit<AssumeRoleCommandInput, 'RoleSessionName'> & { RoleSessionName?: string },
  ): Promise<{ credentials: SessionCredentials; arn: string; id: string }> {
    const out = await t.sts(as).send(new AssumeRoleCommand({ RoleSessionName: 'session1', ...input }));
    return {
      credentials: {
        accessKeyId: out.Credentials?.AccessKeyId ?? '',
        secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
        sessionToken: out.Credentials?.SessionToken ?? '',
      },
      arn: out.AssumedRoleUser?.Arn ?? '',
      id: out.AssumedRoleUser?.AssumedRoleId ?? '',
    };
  }

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
  });
  afterAll(() => t.close());

  describe('role CRUD', () => {
    it('creates, gets, lists, updates and deletes a role as IAM does', async () => {
      const doc = trust(`arn:aws:iam::${t.accountId}:root`);
      const { Role } = await admin.send(
        new CreateRoleCommand({
          RoleName: 'Crud',
          Path: '/app/',
          AssumeRolePolicyDocument: doc,
          Description: 'a role',
          MaxSessionDuration: 7200,
          Tags: [{ Key: 'team', Value: 'core' }],
        }),
      );
      expect(Role?.Arn).toBe(roleArn('Crud', '/app/'));
      expect(Role?.RoleId).toMatch(/^AROA/);
      expect(Role?.MaxSessionDuration).toBe(7200);
      // The SDK hands back the trust policy still URL-encoded, as AWS sends it.
      expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''))).toEqual(JSON.parse(doc));

      const got = (await admin.send(new GetRoleCommand({ RoleName: 'crud' }))).Role;
      expect(got?.RoleName).toBe('Crud');
      expect(got?.Description).toBe('a role');
      expect(got?.Tags).toEqual([{ Key: 'team', Value: 'core' }]);

      const listed = await admin.send(new ListRolesCommand({ PathPrefix: '/app/' }));
      expect(listed.Roles?.map((r) => r.RoleName)).toEqual(['Crud']);

      const other = trust(userArn('nobody'));
      await admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Crud', PolicyDocument: other }));
      const updated = (await admin.send(new GetRoleCommand({ RoleName: 'Crud' }))).Role;
      expect(JSON.parse(decodeURIComponent(updated?.AssumeRolePolicyDocument ?? ''))).toEqual(
        JSON.parse(other),
      );

      await admin.send(
        new AttachRolePolicyCommand({
          RoleName: 'Crud',
          PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
      );
      await admin.send(
        new PutRolePolicyCommand({
          RoleName: 'Crud',
          PolicyName: 'p',
          PolicyDocument: LIST_USERS_AND_GROUPS,
        }),
      );
      expect(
        (await admin.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Crud' }))).AttachedPolicies,
      ).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
      expect((await admin.send(new ListRolePoliciesCommand({ RoleName: 'Crud' }))).PolicyNames).toEqual([
        'p',
      ]);
      const inline = await admin.send(new GetRolePolicyCommand({ RoleName: 'Crud', PolicyName: 'p' }));
      expect(JSON.parse(decodeURIComponent(inline.PolicyDocument ?? ''))).toEqual(
        JSON.parse(LIST_USERS_AND_GROUPS),
      );

      expect(await awsFailure(admin.send(new DeleteRoleCommand({ RoleName: 'Crud' })))).toMatchObject({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must delete policies first.',
      });
      await admin.send(new DeleteRolePolicyCommand({ RoleName: 'Crud', PolicyName: 'p' }));
      expect(await awsFailure(admin.send(new DeleteRoleCommand({ RoleName: 'Crud' })))).toMatchObject({
        code: 'DeleteConflict',
        message: 'Cannot delete entity, must detach all policies first.',
      });
      await admin.send(
        new DetachRolePolicyCommand({
          RoleName: 'Crud',
          PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
      );
      await admin.send(new DeleteRoleCommand({ RoleName: 'Crud' }));
      expect(await awsFailure(admin.send(new GetRoleCommand({ RoleName: 'Crud' })))).toMatchObject({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The role with name Crud cannot be found.',
      });
    });

    it('refuses a trust policy that is not one, and a duplicate role', async () => {
      const failure = await awsFailure(
        admin.send(
          new CreateRoleCommand({ RoleName: 'Bad', AssumeRolePolicyDocument: LIST_USERS_AND_GROUPS }),
        ),
      );
      expect(failure.code).toBe('MalformedPolicyDocument');
      await admin.send(
        new CreateRoleCommand({
          RoleName: 'Dup',
          AssumeRolePolicyDocument: trust(`arn:aws:iam::${t.accountId}:root`),
        }),
      );
      expect(
        await awsFailure(
          admin.send(
            new CreateRoleCommand({
              RoleName: 'dup',
              AssumeRolePolicyDocument: trust(`arn:aws:iam::${t.accountId}:root`),
            }),
          ),
        ),
      ).toMatchObject({
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'Role with name dup already exists.',
      });
    });

    it('authorizes role operations on the role ARN', async () => {
      const reader = await user('role-reader', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: roleArn('Dup') }],
      });
      await t.iam(reader).send(new GetRoleCommand({ RoleName: 'Dup' }));
      expect(await awsFailure(t.iam(reader).send(new ListRolesCommand({})))).toMatchObject({
        code: 'AccessDenied',
        message:
          `User: ${userArn('role-reader')} is not authorized to perform: iam:ListRoles on resource: ` +
          `arn:aws:iam::${t.accountId}:role/ because no identity-based policy allows the iam:ListRoles action`,
      });
    });
  });

  describe('AssumeRole', () => {
    let alice: Credentials;
    let bob: Credentials;

    beforeAll(async () => {
      alice = await user('alice', ALLOW_ASSUME);
      bob = await user('bob');
      await admin.send(
        new CreateRoleCommand({
          RoleName: 'Reader',
          AssumeRolePolicyDocument: trust(`arn:aws:iam::${t.accountId}:root`),
        }),
      );
      await admin.send(
        new PutRolePolicyCommand({
          RoleName: 'Reader',
          PolicyName: 'list',
          PolicyDocument: LIST_USERS_AND_GROUPS,
        }),
      );
    });

    it('issues credentials for the role to a caller its trust policy and their own policies allow', async () => {
      const { credentials, arn, id } = await assume(alice, {
        RoleArn: roleArn('Reader'),
        RoleSessionName: 'alice-s',
      });
      const role = (await admin.send(new GetRoleCommand({ RoleName: 'Reader' }))).Role;
      expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(arn).toBe(`arn:aws:sts::${t.accountId}:assumed-role/Reader/alice-s`);
      expect(id).toBe(`${role?.RoleId}:alice-s`);
      const who = await t.sts(credentials).send(new GetCallerIdentityCommand({}));
      expect(who).toMatchObject({ Arn: arn, UserId: id, Account: t.accountId });
    });

    it('the session can do what the role allows and no more', async () => {
      const { credentials, arn } = await assume(alice, { RoleArn: roleArn('Reader') });
      await t.iam(credentials).send(new ListUsersCommand({}));
      await t.iam(credentials).send(new ListGroupsCommand({}));
      // Alice's own permission (sts:AssumeRole) is not the role's: the session has no access to it.
      expect(
        await awsFailure(t.iam(credentials).send(new GetRoleCommand({ RoleName: 'Reader' }))),
      ).toMatchObject({
        code: 'AccessDenied',
        status: 403,
        message:
          `User: ${arn} is not authorized to perform: iam:GetRole on resource: ${roleArn('Reader')} ` +
          'because no identity-based policy allows the iam:GetRole action',
      });
    });

    it('a session policy narrows the session to what both allow', async () => {
      const narrowed = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetRole'], Resource: '*' }],
      });
      const { credentials, arn } = await assume(alice, { RoleArn: roleArn('Reader'), Policy: narrowed });
      await t.iam(credentials).send(new ListUsersCommand({}));
      expect(await awsFailure(t.iam(credentials).send(new ListGroupsCommand({})))).toMatchObject({
        code: 'AccessDenied',
        message:
          `User: ${arn} is not authorized to perform: iam:ListGroups on resource: ` +
          `arn:aws:iam::${t.accountId}:group/ because no session policy allows the iam:ListGroups action`,
      });
      // The session policy grants nothing the role does not.
      expect(
        (await awsFailure(t.iam(credentials).send(new GetRoleCommand({ RoleName: 'Reader' })))).code,
      ).toBe('AccessDenied');
      // A second session of the same role and name, without session policy, is not narrowed.
      const wide = await assume(alice, { RoleArn: roleArn('Reader') });
      await t.iam(wide.credentials).send(new ListGroupsCommand({}));
    });

    it("the role's permissions boundary limits its sessions", async () => {
      const { Role } = await admin.send(
        new CreateRoleCommand({
          RoleName: 'Bounded',
          AssumeRolePolicyDocument: trust(`arn:aws:iam::${t.accountId}:root`),
          PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess',
        }),
      );
      expect(Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(
        'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess',
      );
      await admin.send(
        new PutRolePolicyCommand({
          RoleName: 'Bounded',
          PolicyName: 'list',
          PolicyDocument: LIST_USERS_AND_GROUPS,
        }),
      );
      const { credentials, arn } = await assume(alice, { RoleArn: roleArn('Bounded') });
      expect(await awsFailure(t.iam(credentials).send(new ListUsersCommand({})))).toMatchObject({
        code: 'AccessDenied',
        message:
          `User: ${arn} is not authorized to perform: iam:ListUsers on resource: ` +
          `arn:aws:iam::${t.accountId}:user/ because no permissions boundary allows the iam:ListUsers action`,
      });
    });

    it('a managed session policy (PolicyArns) narrows the session too', async () => {
      const { credentials } = await assume(alice, {
        RoleArn: roleArn('Reader'),
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }],
      });
      await t.iam(credentials).send(new ListUsersCommand({}));
      const none = await assume(alice, {
        RoleArn: roleArn('Reader'),
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess' }],
      });
      expect((await awsFailure(t.iam(none.credentials).send(new ListUsersCommand({})))).code).toBe(
        'AccessDenied',
      );
    });

    it('is denied to a caller whose own policies do not allow sts:AssumeRole', async () => {
      expect(await awsFailure(assume(bob, { RoleArn: roleArn('Reader') }))).toMatchObject({
        code: 'AccessDenied',
        status: 403,
        message:
          `User: ${userArn('bob')} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('Reader')} ` +
          'because no identity-based policy allows the sts:AssumeRole action',
      });
    });

    it('is denied when the trust policy does not name the caller, whatever their own policies allow', async () => {
      await admin.send(
        new CreateRoleCommand({ RoleName: 'BobOnly', AssumeRolePolicyDocument: trust(userArn('bob')) }),
      );
      expect(await awsFailure(assume(alice, { RoleArn: roleArn('BobOnly') }))).toMatchObject({
        code: 'AccessDenied',
        message:
          `User: ${userArn('alice')} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('BobOnly')} ` +
          'because no resource-based policy allows the sts:AssumeRole action',
      });
      // A trust policy naming the caller's own ARN suffices in the same account (AWS's rule for
      // resource policies that name the principal), even without an identity-policy allow.
      const { arn } = await assume(bob, { RoleArn: roleArn('BobOnly') });
      expect(arn).toBe(`arn:aws:sts::${t.accountId}:assumed-role/BobOnly/session1`);
    });

    it('is denied for a role that does not exist, as AWS answers it', async () => {
      expect(await awsFailure(assume(alice, { RoleArn: roleArn('Ghost') }))).toMatchObject({
        code: 'AccessDenied',
        message: expect.stringContaining(
          `User: ${userArn('alice')} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('Ghost')}`,
        ) as unknown as string,
      });
    });

    it('a role session expires, needs its own token, and ends with its role', async () => {
      await admin.send(
        new CreateRoleCommand({
          RoleName: 'Brief',
          AssumeRolePolicyDocument: trust(`arn:aws:iam::${t.accountId}:root`),
        }),
      );
      const first = await assume(alice, { RoleArn: roleArn('Brief') });
      const second = await assume(alice, { RoleArn: roleArn('Brief') });
      await t.sts(first.credentials).send(new GetCallerIdentityCommand({}));
      expect(
        await awsFailure(
          t
            .sts({ ...first.credentials, sessionToken: second.credentials.sessionToken })
            .send(new GetCallerIdentityCommand({})),
        ),
      ).toMatchObject({ code: 'InvalidClientTokenId', status: 403 });
      await t.withDatabase((db) =>
        db
          .updateTable('role_sessions')
          .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
          .where('id', '=', first.credentials.accessKeyId)
          .execute(),
      );
      expect(await awsFailure(t.sts(first.credentials).send(new GetCallerIdentityCommand({})))).toEqual({
        code: 'ExpiredToken',
        status: 403,
        message: 'The security token included in the request is expired',
      });
      await t.sts(second.credentials).send(new GetCallerIdentityCommand({}));
      await admin.send(new DeleteRoleCommand({ RoleName: 'Brief' }));
      expect(
        await awsFailure(t.sts(second.credentials).send(new GetCallerIdentityCommand({}))),
      ).toMatchObject({
        code: 'InvalidClientTokenId',
        status: 403,
      });
    });

    it('a role session can assume a role that trusts its role (role chaining, at most one hour)', async () => {
      await admin.send(
        new CreateRoleCommand({
          RoleName: 'Chained',
          AssumeRolePolicyDocument: trust(roleArn('Reader')),
          MaxSessionDuration: 7200,
        }),
      );
      const reader = await assume(alice, { RoleArn: roleArn('Reader') });
      expect(
        await awsFailure(assume(reader.credentials, { RoleArn: roleArn('Chained'), DurationSeconds: 3601 })),
      ).toMatchObject({
        code: 'ValidationError',
        message:
          'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      });
      const chained = await assume(reader.credentials, {
        RoleArn: roleArn('Chained'),
        RoleSessionName: 'hop',
      });
      expect((await t.sts(chained.credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(
        `arn:aws:sts::${t.accountId}:assumed-role/Chained/hop`,
      );
      // Alice herself is not trusted by Chained, though her policies allow sts:AssumeRole.
      expect((await awsFailure(assume(alice, { RoleArn: roleArn('Chained') }))).code).toBe('AccessDenied');
    });

    it('refuses a duration over the role MaxSessionDuration', async () => {
      expect(
        await awsFailure(assume(alice, { RoleArn: roleArn('Reader'), DurationSeconds: 3601 })),
      ).toMatchObject({
        code: 'ValidationError',
        status: 400,
        message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      });
      await assume(alice, { RoleArn: roleArn('Reader'), DurationSeconds: 900 });
    });

    describe('a trust policy that requires MFA', () => {
      let carol: Credentials;
      let serial = '';
      let seed: Buffer = Buffer.alloc(0);
      let enabledAt = 0;

      beforeAll(async () => {
        carol = await user('carol', ALLOW_ASSUME);
        const { VirtualMFADevice } = await admin.send(
          new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol-mfa' }),
        );
        seed = decodeBase32(Buffer.from(VirtualMFADevice?.Base32StringSeed ?? []).toString('ascii'));
        serial = VirtualMFADevice?.SerialNumber ?? '';
        enabledAt = await freshStep();
        await admin.send(
          new EnableMFADeviceCommand({
            UserName: 'carol',
            SerialNumber: serial,
            AuthenticationCode1: code(seed, enabledAt - 1),
            AuthenticationCode2: code(seed, enabledAt),
          }),
        );
        await admin.send(
          new CreateRoleCommand({
            RoleName: 'MfaOnly',
            AssumeRolePolicyDocument: trust(`arn:aws:iam::${t.accountId}:root`, {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            }),
          }),
        );
      });

      it('is denied without a code', async () => {
        expect(await awsFailure(assume(carol, { RoleArn: roleArn('MfaOnly') }))).toMatchObject({
          code: 'AccessDenied',
          message: expect.stringContaining('because no resource-based policy allows') as unknown as string,
        });
      });

      it('is denied with a wrong code', async () => {
        expect(
          await awsFailure(
            assume(carol, {
              RoleArn: roleArn('MfaOnly'),
              SerialNumber: serial,
              TokenCode: code(seed, enabledAt + 40),
            }),
          ),
        ).toMatchObject({
          code: 'AccessDenied',
          message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
        });
      });

      it('is allowed with a valid code, and the session carries MFA', async () => {
        const step = Math.max(await freshStep(), enabledAt + 1);
        const { credentials, arn } = await assume(carol, {
          RoleArn: roleArn('MfaOnly'),
          SerialNumber: serial,
          TokenCode: code(seed, step),
        });
        expect(arn).toBe(`arn:aws:sts::${t.accountId}:assumed-role/MfaOnly/session1`);
        expect((await t.sts(credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(arn);
      });
    });
  });
});
