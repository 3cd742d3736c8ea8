import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import type { Store, Tx } from '../store/store.js';
import { attachPolicy } from './attachments.js';
import { awsManagedCatalog } from './aws-managed/catalog.js';
import { IamError } from './errors.js';
import {
  createPolicy,
  defaultPolicyDocument,
  deletePolicy,
  findManagedPolicy,
  getPolicy,
  listPolicies,
  parsePolicyArn,
  type NewPolicy,
  type PolicyCaller,
} from './policies.js';
import { createPolicyVersion } from './policy-versions.js';

const caller: PolicyCaller = { accountId: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/admin` };
const NOW = new Date('2026-03-01T10:00:00.000Z');
const LATER = new Date('2026-03-02T10:00:00.000Z');
const DOC = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
  null,
  2,
);
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => {
  await store.close();
});

const run = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => store.transaction(work);

async function refusal(work: (tx: Tx) => Promise<unknown>): Promise<IamError> {
  try {
    await run(work);
  } catch (e) {
    if (e instanceof IamError) return e;
    throw e;
  }
  throw new Error('the operation succeeded');
}

const create = (input: Partial<NewPolicy> & { name: string }) =>
  run((tx) => createPolicy(tx, caller, { document: DOC, ...input }, NOW));

async function addUser(name: string, boundary: string | null = null): Promise<void> {
  await store.db
    .insertInto('users')
    .values({
      id: `AIDA${name.toUpperCase().padEnd(17, 'X')}`,
      account_id: TEST_ACCOUNT,
      name,
      name_key: name.toLowerCase(),
      path: '/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`,
      permissions_boundary: boundary,
      created_at: NOW.toISOString(),
      password_last_used: null,
    })
    .execute();
}

async function rowCounts(): Promise<Record<string, number>> {
  const count = async (table: 'policies' | 'policy_versions' | 'tags' | 'attachments') =>
    (await store.db.selectFrom(table).selectAll().execute()).length;
  return {
    policies: await count('policies'),
    policy_versions: await count('policy_versions'),
    tags: await count('tags'),
    attachments: await count('attachments'),
  };
}

describe('parsePolicyArn', () => {
  it('reads the account, path and name of customer and AWS managed policy ARNs', () => {
    expect(parsePolicyArn('arn:aws:iam::123456789012:policy/team/a/Name')).toEqual({
      account: '123456789012',
      path: '/team/a/',
      name: 'Name',
    });
    expect(parsePolicyArn('arn:aws:iam::aws:policy/service-role/AWSLambdaRole')).toEqual({
      account: 'aws',
      path: '/service-role/',
      name: 'AWSLambdaRole',
    });
    expect(parsePolicyArn('arn:aws:iam::123456789012:user/bob')).toBeUndefined();
    expect(parsePolicyArn('arn:aws:iam::12345:policy/x')).toBeUndefined();
  });
});

describe('createPolicy', () => {
  it('creates a policy with v1 as its default version', async () => {
    const { policy, tags } = await create({
      name: 'ForceMFA',
      path: '/security/',
      description: 'Deny all but MFA self-service without MFA',
      tags: [{ Key: 'team', Value: 'sec' }],
    });
    expect(policy).toMatchObject({
      name: 'ForceMFA',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:policy/security/ForceMFA`,
      path: '/security/',
      defaultVersionId: 'v1',
      description: 'Deny all but MFA self-service without MFA',
      createDate: NOW.toISOString(),
      updateDate: NOW.toISOString(),
      attachmentCount: 0,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      awsManaged: false,
    });
    expect(policy.id).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(tags).toEqual([{ Key: 'team', Value: 'sec' }]);
    const versions = await store.db.selectFrom('policy_versions').selectAll().execute();
    expect(versions).toEqual([
      { policy_id: policy.id, version_id: 'v1', document: DOC, created_at: NOW.toISOString() },
    ]);
  });

  it('refuses a second policy of the same name, in any case and on any path', async () => {
    await create({ name: 'ForceMFA' });
    const error = await refusal((tx) =>
      createPolicy(tx, caller, { name: 'forcemfa', path: '/x/', document: DOC }, NOW),
    );
    expect(error.code).toBe('EntityAlreadyExists');
    expect(error.message).toBe('A policy called forcemfa already exists. Duplicate names are not allowed.');
  });

  it('refuses a malformed document and stores nothing', async () => {
    const error = await refusal((tx) =>
      createPolicy(tx, caller, { name: 'Bad', document: DOC.replace('"Allow"', '"Permit"') }, NOW),
    );
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toMatch(
      /^Syntax errors in policy\. Statement\[0\]\.Effect \(line 5, column 17\): /,
    );
    expect(await rowCounts()).toEqual({ policies: 0, policy_versions: 0, tags: 0, attachments: 0 });
  });

  it('refuses tag keys repeated without regard to case, and stores nothing', async () => {
    const error = await refusal((tx) =>
      createPolicy(
        tx,
        caller,
        {
          name: 'Tagged',
          document: DOC,
          tags: [
            { Key: 'Team', Value: 'a' },
            { Key: 'team', Value: 'b' },
          ],
        },
        NOW,
      ),
    );
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toBe('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    expect(await rowCounts()).toEqual({ policies: 0, policy_versions: 0, tags: 0, attachments: 0 });
  });

  it('is undone with the transaction it runs in', async () => {
    await expect(
      run(async (tx) => {
        await createPolicy(
          tx,
          caller,
          { name: 'Doomed', document: DOC, tags: [{ Key: 'k', Value: 'v' }] },
          NOW,
        );
        await attachPolicy(
          tx,
          TEST_ACCOUNT,
          { kind: 'user', name: 'nobody' },
          `arn:aws:iam::${TEST_ACCOUNT}:policy/Doomed`,
        );
      }),
    ).rejects.toThrow('The user with name nobody cannot be found.');
    expect(await rowCounts()).toEqual({ policies: 0, policy_versions: 0, tags: 0, attachments: 0 });
  });
});

describe('getPolicy', () => {
  it('describes a customer managed policy with its tags and usage', async () => {
    const { policy } = await create({ name: 'P', tags: [{ Key: 'k', Value: 'v' }] });
    await addUser('alice', policy.arn);
    await addUser('bob');
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'bob' }, policy.arn));
    const got = await run((tx) => getPolicy(tx, TEST_ACCOUNT, policy.arn));
    expect(got.policy).toEqual({ ...policy, attachmentCount: 1, permissionsBoundaryUsageCount: 1 });
    expect(got.tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('describes an AWS managed policy from the catalog, with its use in this account', async () => {
    await addUser('bob');
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'bob' }, ADMIN_ARN));
    const catalogEntry = (await awsManagedCatalog()).get(ADMIN_ARN);
    const { policy, tags } = await run((tx) => getPolicy(tx, TEST_ACCOUNT, ADMIN_ARN));
    expect(policy).toEqual({
      name: 'AdministratorAccess',
      id: catalogEntry?.policyId,
      arn: ADMIN_ARN,
      path: '/',
      defaultVersionId: 'v1',
      description: undefined,
      createDate: '2015-02-06T18:39:46.000Z',
      updateDate: '2015-02-06T18:39:46.000Z',
      attachmentCount: 1,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      awsManaged: true,
    });
    expect(tags).toEqual([]);
  });

  it('answers NoSuchEntity for a policy that does not exist, here, in AWS or in another account', async () => {
    for (const arn of [
      `arn:aws:iam::${TEST_ACCOUNT}:policy/Nope`,
      'arn:aws:iam::aws:policy/NoSuchAwsPolicy',
      'arn:aws:iam::210987654321:policy/P',
    ]) {
      const error = await refusal((tx) => getPolicy(tx, TEST_ACCOUNT, arn));
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toBe(`Policy ${arn} was not found.`);
    }
  });

  it('answers InvalidInput for what is not a policy ARN', async () => {
    const error = await refusal((tx) =>
      getPolicy(tx, TEST_ACCOUNT, `arn:aws:iam::${TEST_ACCOUNT}:user/alice`),
    );
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toBe(`ARN arn:aws:iam::${TEST_ACCOUNT}:user/alice is not valid.`);
  });
});

describe('deletePolicy', () => {
  it('deletes an unused policy with its versions and tags', async () => {
    const { policy } = await create({ name: 'P', tags: [{ Key: 'k', Value: 'v' }] });
    await create({ name: 'Other' });
    await run((tx) => deletePolicy(tx, caller, policy.arn));
    expect(await run((tx) => findManagedPolicy(tx, TEST_ACCOUNT, policy.arn))).toBeUndefined();
    expect(await rowCounts()).toEqual({ policies: 1, policy_versions: 1, tags: 0, attachments: 0 });
  });

  it('refuses while the policy is attached', async () => {
    const { policy } = await create({ name: 'P' });
    await addUser('bob');
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'bob' }, policy.arn));
    const error = await refusal((tx) => deletePolicy(tx, caller, policy.arn));
    expect(error.code).toBe('DeleteConflict');
    expect(error.message).toBe('Cannot delete a policy attached to entities.');
    expect((await rowCounts()).policies).toBe(1);
  });

  it('refuses while the policy is a permissions boundary', async () => {
    const { policy } = await create({ name: 'P' });
    await addUser('alice', policy.arn);
    const error = await refusal((tx) => deletePolicy(tx, caller, policy.arn));
    expect(error.code).toBe('DeleteConflict');
    expect(error.message).toBe('Cannot delete a policy attached to entities.');
  });

  it('refuses while the policy has versions besides the default', async () => {
    const { policy } = await create({ name: 'P' });
    await run((tx) => createPolicyVersion(tx, caller, policy.arn, DOC, false, LATER));
    const error = await refusal((tx) => deletePolicy(tx, caller, policy.arn));
    expect(error.code).toBe('DeleteConflict');
    expect(error.message).toBe(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. " +
        'The default version is deleted with the policy.',
    );
    expect(await rowCounts()).toMatchObject({ policies: 1, policy_versions: 2 });
  });

  it('answers NoSuchEntity for a policy that does not exist', async () => {
    const arn = `arn:aws:iam::${TEST_ACCOUNT}:policy/Nope`;
    const error = await refusal((tx) => deletePolicy(tx, caller, arn));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`Policy ${arn} was not found.`);
  });

  it('denies deleting an AWS managed policy, as AWS does even to administrators', async () => {
    const error = await refusal((tx) => deletePolicy(tx, caller, ADMIN_ARN));
    expect(error.code).toBe('AccessDenied');
    expect(error.message).toBe(
      `User: ${caller.arn} is not authorized to perform: iam:DeletePolicy on resource: policy ${ADMIN_ARN} ` +
        'because no resource-based policy allows the iam:DeletePolicy action',
    );
    expect((await awsManagedCatalog()).get(ADMIN_ARN)).toBeDefined();
  });
});

describe('listPolicies', () => {
  beforeEach(async () => {
    await create({ name: 'zeta' });
    await create({ name: 'Alpha', path: '/team/' });
    await create({ name: 'beta' });
  });

  const list = (filter: Parameters<typeof listPolicies>[2], page: Parameters<typeof listPolicies>[3] = {}) =>
    run((tx) => listPolicies(tx, TEST_ACCOUNT, filter, page));

  it("lists the account's own policies by name, without regard to case", async () => {
    const page = await list({ scope: 'Local' });
    expect(page.items.map((p) => p.name)).toEqual(['Alpha', 'beta', 'zeta']);
    expect(page.IsTruncated).toBe(false);
  });

  it('lists AWS managed policies from the catalog', async () => {
    const page = await list({ scope: 'AWS' }, { MaxItems: 1000 });
    expect(page.items.every((p) => p.awsManaged)).toBe(true);
    expect(page.items.map((p) => p.name)).toContain('AdministratorAccess');
    expect(page.IsTruncated).toBe(true);
    const everything = await list({}, { MaxItems: 1000 });
    const second = await list({}, { MaxItems: 1000, Marker: everything.Marker as string });
    const all = [...everything.items, ...second.items];
    expect(all.length).toBe((await awsManagedCatalog()).list().length + 3);
    expect(all.filter((p) => !p.awsManaged).map((p) => p.name)).toEqual(['Alpha', 'beta', 'zeta']);
    expect(second.IsTruncated).toBe(false);
  });

  it('filters by path prefix', async () => {
    expect((await list({ scope: 'Local', pathPrefix: '/team/' })).items.map((p) => p.name)).toEqual([
      'Alpha',
    ]);
    const serviceRoles = (await list({ scope: 'AWS', pathPrefix: '/service-role/' }, { MaxItems: 1000 }))
      .items;
    expect(serviceRoles.length).toBeGreaterThan(10);
    expect(serviceRoles.every((p) => p.arn.startsWith('arn:aws:iam::aws:policy/service-role/'))).toBe(true);
  });

  it('lists only policies in use with OnlyAttached, narrowed by the usage filter', async () => {
    await addUser('bob');
    await addUser('alice', `arn:aws:iam::${TEST_ACCOUNT}:policy/beta`);
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'bob' }, ADMIN_ARN));
    await run((tx) =>
      attachPolicy(
        tx,
        TEST_ACCOUNT,
        { kind: 'user', name: 'bob' },
        `arn:aws:iam::${TEST_ACCOUNT}:policy/zeta`,
      ),
    );
    const names = async (filter: Parameters<typeof listPolicies>[2]) =>
      (await list(filter)).items.map((p) => p.name);
    expect(await names({ onlyAttached: true })).toEqual(['AdministratorAccess', 'beta', 'zeta']);
    expect(await names({ onlyAttached: true, scope: 'Local' })).toEqual(['beta', 'zeta']);
    expect(await names({ onlyAttached: true, usage: 'PermissionsPolicy' })).toEqual([
      'AdministratorAccess',
      'zeta',
    ]);
    expect(await names({ onlyAttached: true, usage: 'PermissionsBoundary' })).toEqual(['beta']);
    expect(await names({ scope: 'Local', usage: 'PermissionsBoundary' })).toEqual(['Alpha', 'beta', 'zeta']);
    const admin = (await list({ onlyAttached: true })).items[0];
    expect(admin).toMatchObject({ attachmentCount: 1, permissionsBoundaryUsageCount: 0 });
  });

  it('pages with MaxItems and Marker', async () => {
    const first = await list({ scope: 'Local' }, { MaxItems: 2 });
    expect(first.items.map((p) => p.name)).toEqual(['Alpha', 'beta']);
    expect(first.IsTruncated).toBe(true);
    const rest = await list({ scope: 'Local' }, { MaxItems: 2, Marker: first.Marker as string });
    expect(rest.items.map((p) => p.name)).toEqual(['zeta']);
    expect(rest.IsTruncated).toBe(false);
    expect(rest.Marker).toBeUndefined();
  });
});

describe('defaultPolicyDocument', () => {
  it('is the default version of a customer policy and the compact document of an AWS one', async () => {
    const { policy } = await create({ name: 'P' });
    const v2 = DOC.replace('s3:GetObject', 's3:PutObject');
    await run((tx) => createPolicyVersion(tx, caller, policy.arn, v2, true, LATER));
    expect(await run((tx) => defaultPolicyDocument(tx, TEST_ACCOUNT, policy.arn))).toBe(v2);
    expect(await run((tx) => defaultPolicyDocument(tx, TEST_ACCOUNT, ADMIN_ARN))).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    );
    expect(await run((tx) => defaultPolicyDocument(tx, TEST_ACCOUNT, 'not an arn'))).toBeUndefined();
  });
});
