import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import type { Store } from '../store/store.js';
import { getAccountSummary } from './account.js';
import { attachPolicy, detachPolicy, listAttachedPolicies, listEntitiesForPolicy } from './attachments.js';
import { IamError } from './errors.js';
import {
  deleteInlinePolicy,
  getInlinePolicy,
  listInlinePolicyNames,
  putInlinePolicy,
} from './inline-policies.js';
import { createRole, deleteRole, getRole, listRoles, roleTags, updateAssumeRolePolicy } from './roles.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
  ],
});
const ALLOW_S3 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => {
  await store.close();
});

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IamError);
  return { code: (error as IamError).code, message: (error as IamError).message };
}

describe('roles', () => {
  it('creates a role with its path, trust policy, defaults and tags, and gets it by name in any case', async () => {
    const role = await createRole(
      store.db,
      TEST_ACCOUNT,
      {
        roleName: 'Deployer',
        path: '/ci/',
        assumeRolePolicyDocument: TRUST,
        description: 'deploys',
        tags: [{ Key: 'team', Value: 'platform' }],
      },
      NOW,
    );
    expect(role.id).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(role.arn).toBe(`arn:aws:iam::${TEST_ACCOUNT}:role/ci/Deployer`);
    expect(role.max_session_duration).toBe(3600);
    const got = await getRole(store.db, TEST_ACCOUNT, 'deployer');
    expect(got).toEqual(role);
    expect(got.assume_role_policy).toBe(TRUST);
    expect(await roleTags(store.db, got)).toEqual([{ Key: 'team', Value: 'platform' }]);
  });

  it('refuses a duplicate name, a trust policy that is not one, and a MaxSessionDuration out of range', async () => {
    await createRole(store.db, TEST_ACCOUNT, { roleName: 'R', assumeRolePolicyDocument: TRUST }, NOW);
    expect(
      await failure(
        createRole(store.db, TEST_ACCOUNT, { roleName: 'r', assumeRolePolicyDocument: TRUST }, NOW),
      ),
    ).toEqual({ code: 'EntityAlreadyExists', message: 'Role with name r already exists.' });
    // A permissions policy has a Resource and no Principal: no trust policy.
    const bad = await failure(
      createRole(store.db, TEST_ACCOUNT, { roleName: 'S', assumeRolePolicyDocument: ALLOW_S3 }, NOW),
    );
    expect(bad.code).toBe('MalformedPolicyDocument');
    for (const seconds of [3599, 43_201]) {
      const e = await failure(
        createRole(
          store.db,
          TEST_ACCOUNT,
          { roleName: 'T', assumeRolePolicyDocument: TRUST, maxSessionDuration: seconds },
          NOW,
        ),
      );
      expect(e.code).toBe('ValidationError');
    }
    await createRole(
      store.db,
      TEST_ACCOUNT,
      { roleName: 'T', assumeRolePolicyDocument: TRUST, maxSessionDuration: 43_200 },
      NOW,
    );
  });

  it('counts the account roles in the account summary', async () => {
    expect((await getAccountSummary(store.db, TEST_ACCOUNT)).Roles).toBe(0);
    await createRole(store.db, TEST_ACCOUNT, { roleName: 'R', assumeRolePolicyDocument: TRUST }, NOW);
    await createRole(store.db, TEST_ACCOUNT, { roleName: 'S', assumeRolePolicyDocument: TRUST }, NOW);
    expect((await getAccountSummary(store.db, TEST_ACCOUNT)).Roles).toBe(2);
  });

  it('answers NoSuchEntity in AWS words for an unknown role', async () => {
    expect(await failure(getRole(store.db, TEST_ACCOUNT, 'ghost'))).toEqual({
      code: 'NoSuchEntity',
      message: 'The role with name ghost cannot be found.',
    });
  });

  it('lists roles in name order under a path prefix, a page at a time', async () => {
    for (const [name, path] of [
      ['b', '/'],
      ['A', '/x/'],
      ['c', '/x/'],
    ] as const)
      await createRole(
        store.db,
        TEST_ACCOUNT,
        { roleName: name, path, assumeRolePolicyDocument: TRUST },
        NOW,
      );
    const all = await listRoles(store.db, TEST_ACCOUNT, {});
    expect(all.items.map((r) => r.name)).toEqual(['A', 'b', 'c']);
    const x = await listRoles(store.db, TEST_ACCOUNT, { PathPrefix: '/x/', MaxItems: 1 });
    expect(x.items.map((r) => r.name)).toEqual(['A']);
    expect(x.IsTruncated).toBe(true);
    const next = await listRoles(store.db, TEST_ACCOUNT, { PathPrefix: '/x/', Marker: x.Marker as string });
    expect(next.items.map((r) => r.name)).toEqual(['c']);
  });

  it('replaces the trust policy, validated as one', async () => {
    await createRole(store.db, TEST_ACCOUNT, { roleName: 'R', assumeRolePolicyDocument: TRUST }, NOW);
    const other = TRUST.replace(':root', ':user/alice');
    await updateAssumeRolePolicy(store.db, TEST_ACCOUNT, 'R', other);
    expect((await getRole(store.db, TEST_ACCOUNT, 'R')).assume_role_policy).toBe(other);
    expect((await failure(updateAssumeRolePolicy(store.db, TEST_ACCOUNT, 'R', ALLOW_S3))).code).toBe(
      'MalformedPolicyDocument',
    );
  });

  it('holds managed and inline policies, and cannot be deleted until they are gone', async () => {
    await createRole(store.db, TEST_ACCOUNT, { roleName: 'R', assumeRolePolicyDocument: TRUST }, NOW);
    const role = { kind: 'role', name: 'R' } as const;
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await attachPolicy(store.db, TEST_ACCOUNT, role, arn);
    await putInlinePolicy(store.db, TEST_ACCOUNT, role, 'S3', ALLOW_S3);
    expect((await listAttachedPolicies(store.db, TEST_ACCOUNT, role, undefined, {})).items).toEqual([
      { name: 'ReadOnlyAccess', arn },
    ]);
    expect((await listInlinePolicyNames(store.db, TEST_ACCOUNT, role, {})).items).toEqual(['S3']);
    expect((await getInlinePolicy(store.db, TEST_ACCOUNT, role, 'S3')).document).toBe(ALLOW_S3);

    expect(await failure(deleteRole(store.db, TEST_ACCOUNT, 'R'))).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete policies first.',
    });
    await deleteInlinePolicy(store.db, TEST_ACCOUNT, role, 'S3');
    expect(await failure(getInlinePolicy(store.db, TEST_ACCOUNT, role, 'S3'))).toEqual({
      code: 'NoSuchEntity',
      message: 'The role policy with name S3 cannot be found.',
    });
    expect(await failure(deleteRole(store.db, TEST_ACCOUNT, 'R'))).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must detach all policies first.',
    });
    await detachPolicy(store.db, TEST_ACCOUNT, role, arn);
    await deleteRole(store.db, TEST_ACCOUNT, 'R');
    expect((await failure(getRole(store.db, TEST_ACCOUNT, 'R'))).code).toBe('NoSuchEntity');
  });

  it('are listed among the entities that use a policy, as attachment or as boundary', async () => {
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const a = await createRole(
      store.db,
      TEST_ACCOUNT,
      { roleName: 'A', assumeRolePolicyDocument: TRUST },
      NOW,
    );
    const b = await createRole(
      store.db,
      TEST_ACCOUNT,
      { roleName: 'B', assumeRolePolicyDocument: TRUST, permissionsBoundary: arn },
      NOW,
    );
    await attachPolicy(store.db, TEST_ACCOUNT, { kind: 'role', name: 'A' }, arn);
    const all = await listEntitiesForPolicy(store.db, TEST_ACCOUNT, arn, {}, {});
    expect(all.items).toEqual([
      { kind: 'role', name: 'A', id: a.id },
      { kind: 'role', name: 'B', id: b.id },
    ]);
    const attached = await listEntitiesForPolicy(
      store.db,
      TEST_ACCOUNT,
      arn,
      { usage: 'PermissionsPolicy' },
      {},
    );
    expect(attached.items.map((e) => e.name)).toEqual(['A']);
    const users = await listEntitiesForPolicy(store.db, TEST_ACCOUNT, arn, { entityFilter: 'User' }, {});
    expect(users.items).toEqual([]);
  });

  it('limits the attached policies to ten, quota PoliciesPerRole', async () => {
    await createRole(store.db, TEST_ACCOUNT, { roleName: 'R', assumeRolePolicyDocument: TRUST }, NOW);
    const names = [
      'ReadOnlyAccess',
      'IAMReadOnlyAccess',
      'AmazonEC2FullAccess',
      'AmazonS3ReadOnlyAccess',
      'AdministratorAccess',
      'IAMFullAccess',
      'AmazonEC2ReadOnlyAccess',
      'AmazonS3FullAccess',
      'IAMUserChangePassword',
      'PowerUserAccess',
      'SecurityAudit',
    ];
    const role = { kind: 'role', name: 'R' } as const;
    for (const name of names.slice(0, 10))
      await attachPolicy(store.db, TEST_ACCOUNT, role, `arn:aws:iam::aws:policy/${name}`);
    const e = await failure(
      attachPolicy(store.db, TEST_ACCOUNT, role, `arn:aws:iam::aws:policy/${names[10]}`),
    );
    expect(e.code).toBe('LimitExceeded');
    expect(e.message).toContain('PoliciesPerRole');
  });
});
