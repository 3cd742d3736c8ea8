import { iamFailure } from '../../test/support/errors.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import type { Store, Tx } from '../store/store.js';
import {
  createAccountAlias,
  deleteAccountAlias,
  getAccountSummary,
  IAM_QUOTAS,
  listAccountAliases,
} from './account.js';
import { addUserToGroup, createGroup } from './groups.js';
import { createUser } from './users.js';

const OTHER_ACCOUNT = '210987654321';
const NOW = new Date('2024-05-01T12:00:00.000Z');
let store: Store;

beforeEach(async () => {
  store = await testStore();
  await store.db
    .insertInto('accounts')
    .values({ id: OTHER_ACCOUNT, alias: null, password_policy: null, created_at: NOW.toISOString() })
    .execute();
});
afterEach(async () => {
  await store.close();
});

const run = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => store.transaction(work);

const aliases = async (accountId = TEST_ACCOUNT) =>
  (await run((tx) => listAccountAliases(tx, accountId, {}))).items;

describe('account aliases', () => {
  it('starts with none', async () => {
    const page = await run((tx) => listAccountAliases(tx, TEST_ACCOUNT, {}));
    expect(page).toEqual({ items: [], IsTruncated: false });
  });

  it('creates an alias and lists it', async () => {
    await run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'examplecorp'));
    expect(await aliases()).toEqual(['examplecorp']);
  });

  it('replaces the alias with a new one: an account has only one', async () => {
    await run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'first'));
    await run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'second'));
    expect(await aliases()).toEqual(['second']);
    // The old alias is free for anyone again.
    await run((tx) => createAccountAlias(tx, OTHER_ACCOUNT, 'first'));
    expect(await aliases(OTHER_ACCOUNT)).toEqual(['first']);
  });

  it('refuses an alias another account holds', async () => {
    await run((tx) => createAccountAlias(tx, OTHER_ACCOUNT, 'taken'));
    expect(await iamFailure(run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'taken')))).toEqual({
      code: 'EntityAlreadyExists',
      message: 'The account alias taken already exists.',
    });
    expect(await aliases()).toEqual([]);
  });

  it('refuses to create the alias the account already has', async () => {
    await run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'mine'));
    expect(await iamFailure(run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'mine')))).toEqual({
      code: 'EntityAlreadyExists',
      message: 'The account alias mine already exists.',
    });
  });

  it('deletes the alias named', async () => {
    await run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'temp'));
    await run((tx) => deleteAccountAlias(tx, TEST_ACCOUNT, 'temp'));
    expect(await aliases()).toEqual([]);
  });

  it('refuses to delete an alias the account does not have', async () => {
    await run((tx) => createAccountAlias(tx, TEST_ACCOUNT, 'kept'));
    await run((tx) => createAccountAlias(tx, OTHER_ACCOUNT, 'theirs'));
    for (const alias of ['other', 'theirs']) {
      expect(await iamFailure(run((tx) => deleteAccountAlias(tx, TEST_ACCOUNT, alias)))).toEqual({
        code: 'NoSuchEntity',
        message: `The account alias ${alias} cannot be found.`,
      });
    }
    expect(await aliases()).toEqual(['kept']);
    expect(await aliases(OTHER_ACCOUNT)).toEqual(['theirs']);
  });
});

describe('getAccountSummary', () => {
  it("reports AWS's keys with the default quotas on an empty account", async () => {
    expect(await run((tx) => getAccountSummary(tx, TEST_ACCOUNT))).toEqual({
      AccessKeysPerUserQuota: 2,
      AccountAccessKeysPresent: 0,
      AccountMFAEnabled: 0,
      AccountSigningCertificatesPresent: 0,
      AssumeRolePolicySizeQuota: 2048,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
      AttachedPoliciesPerUserQuota: 10,
      GlobalEndpointTokenVersion: 1,
      GroupPolicySizeQuota: 5120,
      Groups: 0,
      GroupsPerUserQuota: 10,
      GroupsQuota: 300,
      InstanceProfiles: 0,
      InstanceProfilesQuota: 1000,
      MFADevices: 0,
      MFADevicesInUse: 0,
      Policies: 0,
      PoliciesQuota: 1500,
      PolicySizeQuota: 6144,
      PolicyVersionsInUse: 0,
      PolicyVersionsInUseQuota: 10000,
      Providers: 0,
      RolePolicySizeQuota: 10240,
      Roles: 0,
      RolesQuota: 1000,
      ServerCertificates: 0,
      ServerCertificatesQuota: 20,
      SigningCertificatesPerUserQuota: 2,
      UserPolicySizeQuota: 2048,
      Users: 0,
      UsersQuota: 5000,
      VersionsPerPolicyQuota: 5,
    });
  });

  it("counts the account's own users, groups, policies and attachments", async () => {
    await run(async (tx) => {
      await createUser(tx, TEST_ACCOUNT, { userName: 'a' }, NOW);
      await createUser(tx, TEST_ACCOUNT, { userName: 'b' }, NOW);
      await createUser(tx, OTHER_ACCOUNT, { userName: 'c' }, NOW);
      await createGroup(tx, TEST_ACCOUNT, { groupName: 'g' }, NOW);
      await addUserToGroup(tx, TEST_ACCOUNT, 'g', 'a');
    });
    await store.db
      .insertInto('policies')
      .values({
        id: 'ANPAEXAMPLEEXAMPLE123',
        account_id: TEST_ACCOUNT,
        name: 'p',
        name_key: 'p',
        path: '/',
        arn: `arn:aws:iam::${TEST_ACCOUNT}:policy/p`,
        description: null,
        default_version: 'v1',
        next_version: 2,
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      .execute();
    await store.db
      .insertInto('attachments')
      .values([
        {
          account_id: TEST_ACCOUNT,
          principal_kind: 'user',
          principal_id: 'x',
          policy_arn: 'arn:aws:iam::aws:policy/A',
        },
        {
          account_id: TEST_ACCOUNT,
          principal_kind: 'group',
          principal_id: 'y',
          policy_arn: 'arn:aws:iam::aws:policy/A',
        },
        {
          account_id: OTHER_ACCOUNT,
          principal_kind: 'user',
          principal_id: 'z',
          policy_arn: 'arn:aws:iam::aws:policy/A',
        },
      ])
      .execute();
    const summary = await run((tx) => getAccountSummary(tx, TEST_ACCOUNT));
    expect(summary).toMatchObject({ Users: 2, Groups: 1, Policies: 1, PolicyVersionsInUse: 2 });
    expect(summary.UsersQuota).toBe(IAM_QUOTAS.UsersQuota);
  });
});
