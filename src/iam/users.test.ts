import { iamFailure } from '../../test/support/errors.js';
import { after } from '../../test/support/pagination.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import { findUser } from '../store/principals.js';
import type { Store, Tx } from '../store/store.js';
import { createGroup, addUserToGroup } from './groups.js';
import {
  checkPermissionsBoundary,
  createUser,
  deleteUser,
  getUser,
  getUserOrCaller,
  listUsers,
  listUserTags,
  tagUser,
  untagUser,
  updateUser,
  userTags,
} from './users.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
let store: Store;

beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => {
  await store.close();
});

const run = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => store.transaction(work);

const make = (userName: string, extra: Partial<Parameters<typeof createUser>[2]> = {}) =>
  run((tx) => createUser(tx, TEST_ACCOUNT, { userName, ...extra }, NOW));

async function insertCustomerPolicy(name: string): Promise<string> {
  const arn = `arn:aws:iam::${TEST_ACCOUNT}:policy/${name}`;
  await store.db
    .insertInto('policies')
    .values({
      id: `ANPA${name.toUpperCase().padEnd(17, 'X')}`,
      account_id: TEST_ACCOUNT,
      name,
      name_key: name.toLowerCase(),
      path: '/',
      arn,
      description: null,
      default_version: 'v1',
      next_version: 2,
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    })
    .execute();
  return arn;
}

describe('createUser', () => {
  it('creates a user under / with an AIDA id, its ARN and the request time', async () => {
    const user = await make('Alice');
    expect(user).toMatchObject({
      account_id: TEST_ACCOUNT,
      name: 'Alice',
      name_key: 'alice',
      path: '/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/Alice`,
      permissions_boundary: null,
      created_at: '2024-05-01T12:00:00.000Z',
      password_last_used: null,
    });
    expect(user.id).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'alice'))).toEqual(user);
  });

  it('puts the path into the ARN', async () => {
    const user = await make('bob', { path: '/division/team/' });
    expect(user.path).toBe('/division/team/');
    expect(user.arn).toBe(`arn:aws:iam::${TEST_ACCOUNT}:user/division/team/bob`);
  });

  it('stores the tags it is given, in order', async () => {
    const user = await make('carol', {
      tags: [
        { Key: 'team', Value: 'red' },
        { Key: 'Cost', Value: '' },
      ],
    });
    expect(await run((tx) => userTags(tx, user))).toEqual([
      { Key: 'team', Value: 'red' },
      { Key: 'Cost', Value: '' },
    ]);
  });

  it('refuses a name already taken, without regard to case', async () => {
    await make('Dave');
    expect(await iamFailure(make('dave'))).toEqual({
      code: 'EntityAlreadyExists',
      message: 'User with name dave already exists.',
    });
  });

  it('refuses duplicate tag keys (case-insensitively), leaving no user behind', async () => {
    const attempt = make('erin', {
      tags: [
        { Key: 'Env', Value: 'a' },
        { Key: 'env', Value: 'b' },
      ],
    });
    expect(await iamFailure(attempt)).toEqual({
      code: 'InvalidInput',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'erin'))).toBeUndefined();
    expect(await store.db.selectFrom('tags').selectAll().execute()).toEqual([]);
  });

  it('stops at 5000 users per account', async () => {
    for (let start = 0; start < 5000; start += 500) {
      await store.db
        .insertInto('users')
        .values(
          Array.from({ length: 500 }, (_, j) => {
            const i = start + j;
            return {
              id: `AIDA${String(i).padStart(17, '0')}`,
              account_id: TEST_ACCOUNT,
              name: `u${i}`,
              name_key: `u${i}`,
              path: '/',
              arn: `arn:aws:iam::${TEST_ACCOUNT}:user/u${i}`,
              permissions_boundary: null,
              created_at: NOW.toISOString(),
              password_last_used: null,
            };
          }),
        )
        .execute();
    }
    expect(await iamFailure(make('one-too-many'))).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for UsersPerAccount: 5000',
    });
    await store.db.deleteFrom('users').where('name', '=', 'u0').execute();
    expect((await make('fits')).name).toBe('fits');
  });

  describe('permissions boundary', () => {
    it('accepts an AWS managed policy ARN', async () => {
      const arn = 'arn:aws:iam::aws:policy/PowerUserAccess';
      expect((await make('f1', { permissionsBoundary: arn })).permissions_boundary).toBe(arn);
    });

    it('accepts a customer managed policy of the account', async () => {
      const arn = await insertCustomerPolicy('Boundary');
      expect((await make('f2', { permissionsBoundary: arn })).permissions_boundary).toBe(arn);
    });

    it('refuses a customer managed policy that does not exist', async () => {
      const arn = `arn:aws:iam::${TEST_ACCOUNT}:policy/Nope`;
      expect(await iamFailure(make('f3', { permissionsBoundary: arn }))).toEqual({
        code: 'NoSuchEntity',
        message: `Policy ${arn} does not exist or is not attachable.`,
      });
      expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'f3'))).toBeUndefined();
    });

    it("refuses another account's policy", async () => {
      await insertCustomerPolicy('Boundary');
      const arn = 'arn:aws:iam::999999999999:policy/Boundary';
      expect((await iamFailure(make('f4', { permissionsBoundary: arn }))).code).toBe('NoSuchEntity');
    });

    it.each([
      'arn:aws:iam:aws:policy/AdministratorAccess',
      'arn:aws:iam::aws:role/Admin',
      `arn:aws:s3:::${TEST_ACCOUNT}`,
      'not-an-arn-at-all-really',
      `arn:aws:iam::${TEST_ACCOUNT}:policy/`,
    ])('refuses the malformed ARN %s', async (arn) => {
      expect(await iamFailure(run((tx) => checkPermissionsBoundary(tx, TEST_ACCOUNT, arn)))).toEqual({
        code: 'InvalidInput',
        message: `ARN ${arn} is not valid.`,
      });
    });

    it('accepts a policy ARN with a path', async () => {
      const arn = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess';
      await expect(run((tx) => checkPermissionsBoundary(tx, TEST_ACCOUNT, arn))).resolves.toBeUndefined();
    });
  });
});

describe('getUser', () => {
  it('finds a user by name in any case', async () => {
    const user = await make('Grace');
    expect(await run((tx) => getUser(tx, TEST_ACCOUNT, 'GRACE'))).toEqual(user);
  });

  it('says NoSuchEntity for an unknown user', async () => {
    expect(await iamFailure(run((tx) => getUser(tx, TEST_ACCOUNT, 'nobody')))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
    });
  });

  it("does not see another account's users", async () => {
    await make('heidi');
    expect((await iamFailure(run((tx) => getUser(tx, '999999999999', 'heidi')))).code).toBe('NoSuchEntity');
  });
});

describe('getUserOrCaller', () => {
  const userCaller = {
    accountId: TEST_ACCOUNT,
    arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ivan`,
    userName: 'ivan',
  };
  const root = { accountId: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:root` };
  const role = { accountId: TEST_ACCOUNT, arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/Admin/s` };

  it('describes the named user whoever calls, with its tags in the order set', async () => {
    const tags = [
      { Key: 'team', Value: 'blue' },
      { Key: 'Cost', Value: '42' },
      { Key: 'a', Value: '' },
    ];
    const judy = await make('judy', { tags });
    expect(await getUserOrCaller(store.db, role, 'JUDY')).toEqual({ kind: 'user', user: judy, tags });
  });

  it('defaults to the calling user', async () => {
    const ivan = await make('ivan');
    expect(await run((tx) => getUserOrCaller(tx, userCaller, undefined))).toEqual({
      kind: 'user',
      user: ivan,
      tags: [],
    });
  });

  it('answers NoSuchEntity for a user the account does not have', async () => {
    expect((await iamFailure(getUserOrCaller(store.db, role, 'nobody'))).code).toBe('NoSuchEntity');
  });

  it('describes the root user to the root', async () => {
    const account = await store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(await run((tx) => getUserOrCaller(tx, root, undefined))).toEqual({
      kind: 'root',
      accountId: TEST_ACCOUNT,
      arn: root.arn,
      createdAt: account.created_at,
    });
  });

  it('asks any other caller to name a user', async () => {
    expect(await iamFailure(run((tx) => getUserOrCaller(tx, role, undefined)))).toEqual({
      code: 'ValidationError',
      message: 'Must specify userName when calling with non-User credentials',
    });
  });
});

describe('updateUser', () => {
  it('renames a user: name, key and ARN follow, the id stays', async () => {
    const user = await make('kim', { path: '/ops/' });
    await run((tx) => updateUser(tx, TEST_ACCOUNT, 'KIM', { newUserName: 'Kimberly' }));
    expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'kim'))).toBeUndefined();
    expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'kimberly'))).toMatchObject({
      id: user.id,
      name: 'Kimberly',
      name_key: 'kimberly',
      path: '/ops/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ops/Kimberly`,
    });
  });

  it('moves a user to a new path', async () => {
    await make('leo');
    await run((tx) => updateUser(tx, TEST_ACCOUNT, 'leo', { newPath: '/eng/' }));
    expect(await run((tx) => getUser(tx, TEST_ACCOUNT, 'leo'))).toMatchObject({
      name: 'leo',
      path: '/eng/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/eng/leo`,
    });
  });

  it('lets a user change the case of its own name', async () => {
    await make('mia');
    await run((tx) => updateUser(tx, TEST_ACCOUNT, 'mia', { newUserName: 'Mia' }));
    expect((await run((tx) => getUser(tx, TEST_ACCOUNT, 'mia'))).name).toBe('Mia');
  });

  it("refuses another user's name, in any case", async () => {
    await make('ned');
    await make('oscar');
    expect(
      await iamFailure(run((tx) => updateUser(tx, TEST_ACCOUNT, 'ned', { newUserName: 'OSCAR' }))),
    ).toEqual({
      code: 'EntityAlreadyExists',
      message: 'User with name OSCAR already exists.',
    });
    expect((await run((tx) => getUser(tx, TEST_ACCOUNT, 'ned'))).name).toBe('ned');
  });

  it('says NoSuchEntity for an unknown user', async () => {
    expect(await iamFailure(run((tx) => updateUser(tx, TEST_ACCOUNT, 'ghost', { newPath: '/x/' })))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
  });
});

describe('deleteUser', () => {
  it('deletes a user and its tags; the name is free again', async () => {
    const user = await make('pat', { tags: [{ Key: 'a', Value: 'b' }] });
    await run((tx) => deleteUser(tx, TEST_ACCOUNT, 'PAT'));
    expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'pat'))).toBeUndefined();
    expect(
      await store.db.selectFrom('tags').where('resource_id', '=', user.id).selectAll().execute(),
    ).toEqual([]);
    expect((await make('pat')).id).not.toBe(user.id);
  });

  it('says NoSuchEntity for an unknown user', async () => {
    expect(await iamFailure(run((tx) => deleteUser(tx, TEST_ACCOUNT, 'ghost')))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
  });

  const at = NOW.toISOString();
  const dependents: [string, string, (userId: string) => Promise<unknown>][] = [
    [
      'a login profile',
      'Cannot delete entity, must delete login profile first.',
      (id) =>
        store.db
          .insertInto('login_profiles')
          .values({
            user_id: id,
            password_hash: 'h',
            password_reset_required: 0,
            created_at: at,
            password_set_at: at,
          })
          .execute(),
    ],
    [
      'an access key',
      'Cannot delete entity, must delete access keys first.',
      (id) =>
        store.db
          .insertInto('access_keys')
          .values({
            id: 'AKIAAAAAAAAAAAAAAAAA',
            account_id: TEST_ACCOUNT,
            user_id: id,
            secret: 's',
            status: 'Inactive',
            created_at: at,
            last_used_at: null,
            last_used_service: null,
            last_used_region: null,
          })
          .execute(),
    ],
    [
      'a signing certificate',
      'Cannot delete entity, must delete certificates first.',
      (id) =>
        store.db
          .insertInto('signing_certificates')
          .values({
            id: 'ASCAAAAAAAAAAAAAAAAAAAAA',
            user_id: id,
            body: 'b',
            status: 'Active',
            uploaded_at: at,
          })
          .execute(),
    ],
    [
      'an SSH public key',
      'Cannot delete entity, must remove referenced objects first.',
      (id) =>
        store.db
          .insertInto('ssh_public_keys')
          .values({
            id: 'APKAAAAAAAAAAAAAAAAAA',
            user_id: id,
            body: 'b',
            fingerprint: 'f',
            status: 'Active',
            uploaded_at: at,
          })
          .execute(),
    ],
    [
      'a service-specific credential',
      'Cannot delete entity, must remove referenced objects first.',
      (id) =>
        store.db
          .insertInto('service_credentials')
          .values({
            id: 'ACCAAAAAAAAAAAAAAAAAA',
            user_id: id,
            service_name: 'codecommit.amazonaws.com',
            service_user_name: 'u-at-1',
            password: 'p',
            status: 'Active',
            created_at: at,
          })
          .execute(),
    ],
    [
      'an inline policy',
      'Cannot delete entity, must delete policies first.',
      (id) =>
        store.db
          .insertInto('inline_policies')
          .values({ principal_kind: 'user', principal_id: id, name: 'p', document: '{}' })
          .execute(),
    ],
    [
      'an attached policy',
      'Cannot delete entity, must detach all policies first.',
      (id) =>
        store.db
          .insertInto('attachments')
          .values({
            account_id: TEST_ACCOUNT,
            principal_kind: 'user',
            principal_id: id,
            policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          })
          .execute(),
    ],
    [
      'a group membership',
      'Cannot delete entity, must remove users from group first.',
      async () => {
        await run((tx) => createGroup(tx, TEST_ACCOUNT, { groupName: 'g' }, NOW));
        await run((tx) => addUserToGroup(tx, TEST_ACCOUNT, 'g', 'quinn'));
      },
    ],
  ];

  it.each(dependents)('refuses while the user has %s', async (_kind, message, insert) => {
    const user = await make('quinn');
    await insert(user.id);
    expect(await iamFailure(run((tx) => deleteUser(tx, TEST_ACCOUNT, 'quinn')))).toEqual({
      code: 'DeleteConflict',
      message,
    });
    expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'quinn'))).toEqual(user);
  });

  it("is not blocked by another principal's policies or a group's", async () => {
    const user = await make('rita');
    await store.db
      .insertInto('inline_policies')
      .values({ principal_kind: 'group', principal_id: user.id, name: 'p', document: '{}' })
      .execute();
    await run((tx) => deleteUser(tx, TEST_ACCOUNT, 'rita'));
    expect(await run((tx) => findUser(tx, TEST_ACCOUNT, 'rita'))).toBeUndefined();
  });
});

describe('listUsers', () => {
  beforeEach(async () => {
    for (const [name, path] of [
      ['delta', '/'],
      ['Alpha', '/eng/'],
      ['charlie', '/eng/backend/'],
      ['bravo', '/sales/'],
      ['Echo', '/eng%/'],
    ] as const) {
      await make(name, { path });
    }
  });

  it('lists every user in name order, without regard to case', async () => {
    const page = await run((tx) => listUsers(tx, TEST_ACCOUNT, {}));
    expect(page.items.map((u) => u.name)).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'Echo']);
    expect(page.IsTruncated).toBe(false);
    expect(page.Marker).toBeUndefined();
  });

  it('filters by path prefix, literally', async () => {
    const names = async (PathPrefix: string) =>
      (await run((tx) => listUsers(tx, TEST_ACCOUNT, { PathPrefix }))).items.map((u) => u.name);
    expect(await names('/eng/')).toEqual(['Alpha', 'charlie']);
    expect(await names('/eng')).toEqual(['Alpha', 'charlie', 'Echo']);
    expect(await names('/eng%')).toEqual(['Echo']);
    expect(await names('/nothing/')).toEqual([]);
  });

  it('pages with MaxItems and Marker', async () => {
    const first = await run((tx) => listUsers(tx, TEST_ACCOUNT, { MaxItems: 2 }));
    expect(first.items.map((u) => u.name)).toEqual(['Alpha', 'bravo']);
    expect(first.IsTruncated).toBe(true);
    const second = await run((tx) => listUsers(tx, TEST_ACCOUNT, { MaxItems: 2, ...after(first) }));
    expect(second.items.map((u) => u.name)).toEqual(['charlie', 'delta']);
    const third = await run((tx) => listUsers(tx, TEST_ACCOUNT, { MaxItems: 2, ...after(second) }));
    expect(third.items.map((u) => u.name)).toEqual(['Echo']);
    expect(third.IsTruncated).toBe(false);
    expect(third.Marker).toBeUndefined();
  });

  it('refuses a marker it did not make', async () => {
    expect(await iamFailure(run((tx) => listUsers(tx, TEST_ACCOUNT, { Marker: 'bogus' })))).toEqual({
      code: 'InvalidInput',
      message: 'Invalid Marker.',
    });
  });
});

describe('user tags', () => {
  const tags = (userName = 'sam') => run((tx) => listUserTags(tx, TEST_ACCOUNT, userName, {}));

  beforeEach(async () => {
    await make('sam', { tags: [{ Key: 'Department', Value: 'finance' }] });
  });

  it('adds tags after the existing ones', async () => {
    await run((tx) => tagUser(tx, TEST_ACCOUNT, 'SAM', [{ Key: 'team', Value: 'blue' }]));
    expect((await tags()).items).toEqual([
      { Key: 'Department', Value: 'finance' },
      { Key: 'team', Value: 'blue' },
    ]);
  });

  it('overwrites the value of a key it already has, in any case, keeping its place', async () => {
    await run((tx) =>
      tagUser(tx, TEST_ACCOUNT, 'sam', [
        { Key: 'z', Value: '1' },
        { Key: 'department', Value: 'hr' },
      ]),
    );
    expect((await tags()).items).toEqual([
      { Key: 'department', Value: 'hr' },
      { Key: 'z', Value: '1' },
    ]);
  });

  it('refuses duplicate keys in one request', async () => {
    const attempt = run((tx) =>
      tagUser(tx, TEST_ACCOUNT, 'sam', [
        { Key: 'A', Value: '1' },
        { Key: 'a', Value: '2' },
      ]),
    );
    expect(await iamFailure(attempt)).toEqual({
      code: 'InvalidInput',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    expect((await tags()).items).toHaveLength(1);
  });

  it('refuses the reserved aws: prefix', async () => {
    const attempt = run((tx) => tagUser(tx, TEST_ACCOUNT, 'sam', [{ Key: 'AWS:owner', Value: 'x' }]));
    expect(await iamFailure(attempt)).toEqual({
      code: 'InvalidInput',
      message: "Tag keys starting with 'aws:' are reserved for internal use.",
    });
  });

  it('allows 50 tags and no more, counting overwrites once', async () => {
    const many = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await run((tx) => tagUser(tx, TEST_ACCOUNT, 'sam', many(0, 49)));
    expect((await tags()).items).toHaveLength(50);
    // Overwriting existing keys at the limit is fine.
    await run((tx) =>
      tagUser(tx, TEST_ACCOUNT, 'sam', [
        { Key: 'K0', Value: 'w' },
        { Key: 'department', Value: 'x' },
      ]),
    );
    expect(await iamFailure(run((tx) => tagUser(tx, TEST_ACCOUNT, 'sam', many(100, 1))))).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for TagsPerUser: 50',
    });
    expect((await tags()).items).toHaveLength(50);
  });

  it('untags by key in any case and ignores keys it does not have', async () => {
    await run((tx) => tagUser(tx, TEST_ACCOUNT, 'sam', [{ Key: 'keep', Value: '1' }]));
    await run((tx) => untagUser(tx, TEST_ACCOUNT, 'sam', ['DEPARTMENT', 'missing']));
    expect((await tags()).items).toEqual([{ Key: 'keep', Value: '1' }]);
  });

  it('pages tags', async () => {
    await run((tx) =>
      tagUser(tx, TEST_ACCOUNT, 'sam', [
        { Key: 'b', Value: '2' },
        { Key: 'c', Value: '3' },
      ]),
    );
    const first = await run((tx) => listUserTags(tx, TEST_ACCOUNT, 'sam', { MaxItems: 2 }));
    expect(first.items.map((t) => t.Key)).toEqual(['Department', 'b']);
    expect(first.IsTruncated).toBe(true);
    const rest = await run((tx) => listUserTags(tx, TEST_ACCOUNT, 'sam', after(first)));
    expect(rest.items.map((t) => t.Key)).toEqual(['c']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('says NoSuchEntity for an unknown user', async () => {
    const expected = { code: 'NoSuchEntity', message: 'The user with name ghost cannot be found.' };
    expect(
      await iamFailure(run((tx) => tagUser(tx, TEST_ACCOUNT, 'ghost', [{ Key: 'a', Value: 'b' }]))),
    ).toEqual(expected);
    expect(await iamFailure(run((tx) => untagUser(tx, TEST_ACCOUNT, 'ghost', ['a'])))).toEqual(expected);
    expect(await iamFailure(tags('ghost'))).toEqual(expected);
  });

  it("keeps a user's tags to itself", async () => {
    await make('tess');
    expect((await tags('tess')).items).toEqual([]);
  });
});
