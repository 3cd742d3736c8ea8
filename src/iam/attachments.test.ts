import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import type { Store, Tx } from '../store/store.js';
import {
  attachPolicy,
  detachPolicy,
  listAttachedPolicies,
  listEntitiesForPolicy,
  type EntityFilter,
  type PolicyHolder,
} from './attachments.js';
import { awsManagedCatalog } from './aws-managed/catalog.js';
import { IamError } from './errors.js';
import { createPolicy, getPolicy, type PolicyCaller } from './policies.js';

const caller: PolicyCaller = { accountId: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/admin` };
const NOW = new Date('2026-03-01T10:00:00.000Z');
const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const LOCAL_ARN = `arn:aws:iam::${TEST_ACCOUNT}:policy/Local`;
const alice: PolicyHolder = { kind: 'user', name: 'alice' };
const admins: PolicyHolder = { kind: 'group', name: 'Admins' };

let store: Store;
beforeEach(async () => {
  store = await testStore();
  await addEntity('users', 'alice');
  await addEntity('groups', 'Admins');
  await store.transaction((tx) => createPolicy(tx, caller, { name: 'Local', document: DOC }, NOW));
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

let ids = 0;
async function addEntity(
  table: 'users' | 'groups',
  name: string,
  options: { path?: string; boundary?: string } = {},
): Promise<string> {
  const id = `${table === 'users' ? 'AIDA' : 'AGPA'}${String(++ids).padStart(17, '0')}`;
  const path = options.path ?? '/';
  const row = {
    id,
    account_id: TEST_ACCOUNT,
    name,
    name_key: name.toLowerCase(),
    path,
    arn: `arn:aws:iam::${TEST_ACCOUNT}:${table === 'users' ? 'user' : 'group'}${path}${name}`,
    created_at: NOW.toISOString(),
  };
  if (table === 'users') {
    await store.db
      .insertInto('users')
      .values({ ...row, permissions_boundary: options.boundary ?? null, password_last_used: null })
      .execute();
  } else await store.db.insertInto('groups').values(row).execute();
  return id;
}

/** Customer policies P0…P(n-1), for the quota tests. */
async function manyPolicies(n: number): Promise<string[]> {
  const arns: string[] = [];
  for (let i = 0; i < n; i++) {
    const { policy } = await run((tx) => createPolicy(tx, caller, { name: `P${i}`, document: DOC }, NOW));
    arns.push(policy.arn);
  }
  return arns;
}

const attached = async (holder: PolicyHolder, pathPrefix?: string) =>
  (await run((tx) => listAttachedPolicies(tx, TEST_ACCOUNT, holder, pathPrefix, {}))).items;

describe('attachPolicy', () => {
  it('attaches customer and AWS managed policies to users and groups, in order', async () => {
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, LOCAL_ARN));
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, ADMIN_ARN));
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, admins, ADMIN_ARN));
    expect(await attached(alice)).toEqual([
      { name: 'Local', arn: LOCAL_ARN },
      { name: 'AdministratorAccess', arn: ADMIN_ARN },
    ]);
    expect(await attached(admins)).toEqual([{ name: 'AdministratorAccess', arn: ADMIN_ARN }]);
    expect((await run((tx) => getPolicy(tx, TEST_ACCOUNT, ADMIN_ARN))).policy.attachmentCount).toBe(2);
  });

  it('takes the user name without regard to case', async () => {
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'ALICE' }, LOCAL_ARN));
    expect(await attached(alice)).toEqual([{ name: 'Local', arn: LOCAL_ARN }]);
  });

  it('does nothing when the policy is attached already', async () => {
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, LOCAL_ARN));
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, LOCAL_ARN));
    expect(await attached(alice)).toHaveLength(1);
    expect((await run((tx) => getPolicy(tx, TEST_ACCOUNT, LOCAL_ARN))).policy.attachmentCount).toBe(1);
  });

  it('answers NoSuchEntity for a policy that does not exist or cannot be attached', async () => {
    for (const arn of [
      `arn:aws:iam::${TEST_ACCOUNT}:policy/Nope`,
      'arn:aws:iam::aws:policy/NoSuchAwsPolicy',
      'arn:aws:iam::aws:policy/AWSLambdaRole', // exists, but under /service-role/
      'arn:aws:iam::210987654321:policy/Local',
      'arn:aws:iam::aws:policy/aws-service-role/AmazonElasticsearchServiceRolePolicy',
    ]) {
      const error = await refusal((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, arn));
      expect(error.code, arn).toBe('NoSuchEntity');
      expect(error.message).toBe(`Policy ${arn} does not exist or is not attachable.`);
    }
    expect(await attached(alice)).toEqual([]);
  });

  it('answers NoSuchEntity for a user or group that does not exist', async () => {
    const user = await refusal((tx) =>
      attachPolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'bob' }, LOCAL_ARN),
    );
    expect([user.code, user.message]).toEqual(['NoSuchEntity', 'The user with name bob cannot be found.']);
    const group = await refusal((tx) =>
      attachPolicy(tx, TEST_ACCOUNT, { kind: 'group', name: 'Ops' }, LOCAL_ARN),
    );
    expect([group.code, group.message]).toEqual(['NoSuchEntity', 'The group with name Ops cannot be found.']);
  });

  it('answers InvalidInput for what is not a policy ARN', async () => {
    const error = await refusal((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, 'AdministratorAccess'));
    expect([error.code, error.message]).toEqual(['InvalidInput', 'ARN AdministratorAccess is not valid.']);
  });

  it('allows ten managed policies on a user, and no more', async () => {
    const arns = await manyPolicies(10);
    for (const arn of arns) await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, arn));
    const error = await refusal((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, ADMIN_ARN));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe('Cannot exceed quota for PoliciesPerUser: 10');
    // Attaching one already there is not a new attachment.
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, arns[0] as string));
    expect(await attached(alice)).toHaveLength(10);
  });

  it('allows ten managed policies on a group, and no more', async () => {
    for (const arn of await manyPolicies(10)) await run((tx) => attachPolicy(tx, TEST_ACCOUNT, admins, arn));
    const error = await refusal((tx) => attachPolicy(tx, TEST_ACCOUNT, admins, ADMIN_ARN));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe('Cannot exceed quota for PoliciesPerGroup: 10');
    expect(await attached(admins)).toHaveLength(10);
  });
});

describe('detachPolicy', () => {
  it('detaches an attached policy', async () => {
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, LOCAL_ARN));
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, ADMIN_ARN));
    await run((tx) => detachPolicy(tx, TEST_ACCOUNT, alice, LOCAL_ARN));
    expect(await attached(alice)).toEqual([{ name: 'AdministratorAccess', arn: ADMIN_ARN }]);
  });

  it('answers NoSuchEntity for a policy that is not attached', async () => {
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, admins, LOCAL_ARN));
    for (const arn of [LOCAL_ARN, `arn:aws:iam::${TEST_ACCOUNT}:policy/Nope`]) {
      const error = await refusal((tx) => detachPolicy(tx, TEST_ACCOUNT, alice, arn));
      expect([error.code, error.message]).toEqual(['NoSuchEntity', `Policy ${arn} was not found.`]);
    }
    expect(await attached(admins)).toHaveLength(1);
  });

  it('answers NoSuchEntity for a group that does not exist', async () => {
    const error = await refusal((tx) =>
      detachPolicy(tx, TEST_ACCOUNT, { kind: 'group', name: 'Ops' }, LOCAL_ARN),
    );
    expect([error.code, error.message]).toEqual(['NoSuchEntity', 'The group with name Ops cannot be found.']);
  });
});

describe('listAttachedPolicies', () => {
  it('filters by the policy path and pages', async () => {
    const lambda = (await awsManagedCatalog()).byName('AWSLambdaRole');
    const viewOnly = (await awsManagedCatalog()).byName('ViewOnlyAccess');
    for (const arn of [LOCAL_ARN, lambda?.arn, viewOnly?.arn, ADMIN_ARN]) {
      await run((tx) => attachPolicy(tx, TEST_ACCOUNT, admins, arn as string));
    }
    expect((await attached(admins, '/service-role/')).map((p) => p.name)).toEqual(['AWSLambdaRole']);
    expect((await attached(admins, '/job-function/')).map((p) => p.name)).toEqual(['ViewOnlyAccess']);
    const first = await run((tx) =>
      listAttachedPolicies(tx, TEST_ACCOUNT, admins, undefined, { MaxItems: 3 }),
    );
    expect(first.items.map((p) => p.name)).toEqual(['Local', 'AWSLambdaRole', 'ViewOnlyAccess']);
    expect(first.IsTruncated).toBe(true);
    const rest = await run((tx) =>
      listAttachedPolicies(tx, TEST_ACCOUNT, admins, undefined, {
        MaxItems: 3,
        Marker: first.Marker as string,
      }),
    );
    expect(rest.items.map((p) => p.name)).toEqual(['AdministratorAccess']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('answers NoSuchEntity for a user that does not exist', async () => {
    const error = await refusal((tx) =>
      listAttachedPolicies(tx, TEST_ACCOUNT, { kind: 'user', name: 'x' }, undefined, {}),
    );
    expect([error.code, error.message]).toEqual(['NoSuchEntity', 'The user with name x cannot be found.']);
  });
});

describe('listEntitiesForPolicy', () => {
  const entities = async (arn: string, filter: EntityFilter = {}, page = {}) =>
    run((tx) => listEntitiesForPolicy(tx, TEST_ACCOUNT, arn, filter, page));

  beforeEach(async () => {
    await addEntity('users', 'bob', { path: '/eng/' });
    await addEntity('users', 'Carol', { boundary: LOCAL_ARN });
    await addEntity('groups', 'devs', { path: '/eng/' });
    for (const holder of [
      alice,
      admins,
      { kind: 'user', name: 'bob' },
      { kind: 'group', name: 'devs' },
    ] as const) {
      await run((tx) => attachPolicy(tx, TEST_ACCOUNT, holder, LOCAL_ARN));
    }
  });

  it('lists groups then users that use the policy, each by name, as attachment or boundary', async () => {
    const page = await entities(LOCAL_ARN);
    expect(page.items.map((e) => [e.kind, e.name])).toEqual([
      ['group', 'Admins'],
      ['group', 'devs'],
      ['user', 'alice'],
      ['user', 'bob'],
      ['user', 'Carol'],
    ]);
    expect(page.items.every((e) => /^(AIDA|AGPA)\d{17}$/.test(e.id))).toBe(true);
  });

  it('filters by entity kind, path and kind of use', async () => {
    const names = async (filter: EntityFilter) =>
      (await entities(LOCAL_ARN, filter)).items.map((e) => e.name);
    expect(await names({ entityFilter: 'User' })).toEqual(['alice', 'bob', 'Carol']);
    expect(await names({ entityFilter: 'Group' })).toEqual(['Admins', 'devs']);
    expect(await names({ entityFilter: 'Role' })).toEqual([]);
    expect(await names({ entityFilter: 'AWSManagedPolicy' })).toEqual([]);
    expect(await names({ pathPrefix: '/eng/' })).toEqual(['devs', 'bob']);
    expect(await names({ usage: 'PermissionsBoundary' })).toEqual(['Carol']);
    expect(await names({ usage: 'PermissionsPolicy' })).toEqual(['Admins', 'devs', 'alice', 'bob']);
  });

  it('pages across groups and users', async () => {
    const first = await entities(LOCAL_ARN, {}, { MaxItems: 3 });
    expect(first.items.map((e) => e.name)).toEqual(['Admins', 'devs', 'alice']);
    const rest = await entities(LOCAL_ARN, {}, { MaxItems: 3, Marker: first.Marker });
    expect(rest.items.map((e) => e.name)).toEqual(['bob', 'Carol']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('lists the users of an AWS managed policy', async () => {
    await run((tx) => attachPolicy(tx, TEST_ACCOUNT, alice, ADMIN_ARN));
    expect((await entities(ADMIN_ARN)).items.map((e) => e.name)).toEqual(['alice']);
  });

  it('answers NoSuchEntity for a policy that does not exist', async () => {
    const arn = `arn:aws:iam::${TEST_ACCOUNT}:policy/Nope`;
    const error = await refusal((tx) => listEntitiesForPolicy(tx, TEST_ACCOUNT, arn, {}, {}));
    expect([error.code, error.message]).toEqual(['NoSuchEntity', `Policy ${arn} was not found.`]);
  });
});
