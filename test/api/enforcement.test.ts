import { awsFailure } from '../support/aws-errors.js';
import { policyFixture } from '../support/fixtures.js';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * Enforcement on every request: users governed by the seeds' policies, calling with long-term access
 * keys (no MFA keys in their request context), get exactly what AWS would give them.
 */

describe('enforcement of the seeds’ policies on IAM actions (long-term access keys)', () => {
  let t: TestServer;
  let admin: IAMClient;
  const user = (name: string) => `arn:aws:iam::${t.accountId}:user/${name}`;

  /** Creates a user in the group, with a login profile and an access key; returns a client as that user. */
  async function member(name: string, group: string): Promise<IAMClient> {
    await admin.send(new CreateUserCommand({ UserName: name }));
    await admin.send(new AddUserToGroupCommand({ GroupName: group, UserName: name }));
    await admin.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Initial-Passw0rd!' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
    const credentials: Credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    return t.iam(credentials);
  }

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
    for (const [name, seed] of [
      ['Force_MFA', '004-force-mfa'],
      ['Force_MFA_000', '000-force-mfa'],
    ] as const) {
      const { Policy } = await admin.send(
        new CreatePolicyCommand({ PolicyName: name, PolicyDocument: policyFixture(seed) }),
      );
      const group = name === 'Force_MFA' ? 'EC2MFA' : 'EC2MFA_000';
      await admin.send(new CreateGroupCommand({ GroupName: group }));
      await admin.send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: Policy?.Arn }));
      await admin.send(
        new AttachGroupPolicyCommand({
          GroupName: group,
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
        }),
      );
    }
  });
  afterAll(() => t.close());

  it('seed 004: a member manages their own credentials and nothing else', async () => {
    const mfaUser = await member('MFAUser', 'EC2MFA');
    await admin.send(new CreateUserCommand({ UserName: 'someone-else' }));

    // Allowed by the policy's own-user statements, and spared by the NotAction iam:* deny.
    await mfaUser.send(
      new ChangePasswordCommand({ OldPassword: 'Initial-Passw0rd!', NewPassword: 'Changed-Passw0rd!' }),
    );
    expect((await mfaUser.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
    expect((await mfaUser.send(new ListUsersCommand({}))).Users?.length).toBeGreaterThanOrEqual(2);

    // Another user's credentials: no statement allows it.
    expect(await awsFailure(mfaUser.send(new CreateAccessKeyCommand({ UserName: 'someone-else' })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: ${user('MFAUser')} is not authorized to perform: iam:CreateAccessKey on resource: ${user('someone-else')} because no identity-based policy allows the iam:CreateAccessKey action`,
    });
    // Seed 004 grants no iam:GetUser, not even on oneself.
    expect((await awsFailure(mfaUser.send(new GetUserCommand({})))).message).toBe(
      `User: ${user('MFAUser')} is not authorized to perform: iam:GetUser on resource: ${user('MFAUser')} because no identity-based policy allows the iam:GetUser action`,
    );
    expect((await awsFailure(mfaUser.send(new DeleteUserCommand({ UserName: 'someone-else' })))).code).toBe(
      'AccessDenied',
    );
  });

  it('seed 000: without MFA the deny applies to everything not listed, explicitly', async () => {
    const member000 = await member('mfa-user-1', 'EC2MFA_000');
    // iam:GetUser is in the deny's NotAction list and allowed on one's own user.
    expect((await member000.send(new GetUserCommand({}))).User?.UserName).toBe('mfa-user-1');
    // ChangePassword is not listed: the BoolIfExists deny catches a call without MFA.
    expect(
      await awsFailure(
        member000.send(
          new ChangePasswordCommand({ OldPassword: 'Initial-Passw0rd!', NewPassword: 'Other-Passw0rd!1' }),
        ),
      ),
    ).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: ${user('mfa-user-1')} is not authorized to perform: iam:ChangePassword on resource: ${user('mfa-user-1')} with an explicit deny in an identity-based policy`,
    });
    expect((await awsFailure(member000.send(new ListUsersCommand({})))).message).toBe(
      `User: ${user('mfa-user-1')} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${t.accountId}:user/ with an explicit deny in an identity-based policy`,
    );
  });

  it('takes a policy change into account on the next request', async () => {
    const client = await member('mfa-user-2', 'EC2MFA');
    await client.send(new ListUsersCommand({}));
    const force = `arn:aws:iam::${t.accountId}:policy/Force_MFA`;
    await admin.send(new DetachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: force }));
    expect((await awsFailure(client.send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    await admin.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: force }));
    await client.send(new ListUsersCommand({}));
  });

  it('sees inline policy and group membership changes on the next request (no stale compiled policies)', async () => {
    const client = await member('cache-probe', 'EC2MFA');
    await client.send(new ListUsersCommand({}));
    const deny = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' },
    });
    await admin.send(
      new PutUserPolicyCommand({ UserName: 'cache-probe', PolicyName: 'NoList', PolicyDocument: deny }),
    );
    expect((await awsFailure(client.send(new ListUsersCommand({})))).message).toContain(
      'with an explicit deny',
    );
    await admin.send(new DeleteUserPolicyCommand({ UserName: 'cache-probe', PolicyName: 'NoList' }));
    await client.send(new ListUsersCommand({}));
    await admin.send(new RemoveUserFromGroupCommand({ GroupName: 'EC2MFA', UserName: 'cache-probe' }));
    expect((await awsFailure(client.send(new ListUsersCommand({})))).message).toContain(
      'because no identity-based policy allows',
    );
  });

  it('a permissions boundary limits what the identity policies allow', async () => {
    await admin.send(
      new CreateUserCommand({
        UserName: 'bounded',
        PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
      }),
    );
    await admin.send(
      new AttachUserPolicyCommand({
        UserName: 'bounded',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'bounded' }));
    const bounded = t.iam({
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    });
    expect(await awsFailure(bounded.send(new ListUsersCommand({})))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: ${user('bounded')} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${t.accountId}:user/ because no permissions boundary allows the iam:ListUsers action`,
    });
  });
});
