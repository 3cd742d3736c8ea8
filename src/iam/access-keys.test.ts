import { rejection } from '../../test/support/errors.js';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT, insertTestUser } from '../../test/support/store.js';
import { secretBox } from '../auth/secret-box.js';
import type { Store } from '../store/store.js';
import { setTags } from './tags.js';
import {
  createAccessKey,
  deleteAccessKey,
  findAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  recordAccessKeyUse,
  updateAccessKey,
  userNameOrCaller,
} from './access-keys.js';

const OTHER_ACCOUNT = '210987654321';
const CALLER = `arn:aws:iam::${TEST_ACCOUNT}:user/admin`;
const T0 = new Date('2025-04-01T12:00:00.000Z');
const box = secretBox(randomBytes(32));

let store: Store;
beforeEach(async () => {
  store = await testStore();
  await store.db
    .insertInto('accounts')
    .values({ id: OTHER_ACCOUNT, alias: null, password_policy: null, created_at: T0.toISOString() })
    .execute();
  await addUser('alice');
  await addUser('bob');
  await addUser('carol', OTHER_ACCOUNT);
});
afterEach(() => store.close());

async function addUser(name: string, accountId = TEST_ACCOUNT): Promise<void> {
  await insertTestUser(store.db, name, { accountId: accountId, createdAt: T0 });
}

const create = (user = 'alice', accountId = TEST_ACCOUNT, now = T0) =>
  store.transaction((tx) => createAccessKey(tx, box, accountId, user, now));

describe('CreateAccessKey', () => {
  it('returns an active AKIA key with its 40-character secret, which is stored only sealed', async () => {
    const key = await create();
    expect(key).toEqual({
      UserName: 'alice',
      AccessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/),
      Status: 'Active',
      CreateDate: T0.toISOString(),
      SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9xY]{40}$/),
    });
    const rows = await store.db.selectFrom('access_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key.SecretAccessKey);
    const [row] = rows;
    if (!row) throw new Error('no row');
    expect(box.open(row.secret, key.AccessKeyId)).toBe(key.SecretAccessKey);
    // Sealed under its own id: the value is useless on another key's row.
    expect(() => box.open(row.secret, 'AKIAOTHERKEY0000000')).toThrow();
  });

  it('allows two keys per user, then LimitExceeded in AWS words, leaving nothing behind', async () => {
    const first = await create();
    const second = await create();
    expect(first.AccessKeyId).not.toBe(second.AccessKeyId);
    expect(first.SecretAccessKey).not.toBe(second.SecretAccessKey);
    const error = await rejection(create());
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    expect(await store.db.selectFrom('access_keys').selectAll().execute()).toHaveLength(2);
    // The quota is per user.
    await create('bob');
  });

  it('refuses an unknown user, and a user of another account', async () => {
    for (const [user, account] of [
      ['nobody', TEST_ACCOUNT],
      ['carol', TEST_ACCOUNT],
    ] as const) {
      const error = await rejection(create(user, account));
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toBe(`The user with name ${user} cannot be found.`);
    }
  });
});

describe('ListAccessKeys, UpdateAccessKey, DeleteAccessKey', () => {
  it('list the user’s keys oldest first, without secrets', async () => {
    const a = await create('alice', TEST_ACCOUNT, T0);
    const b = await create('alice', TEST_ACCOUNT, new Date(T0.getTime() + 1000));
    await create('bob');
    const listed = await store.transaction((tx) => listAccessKeys(tx, TEST_ACCOUNT, 'alice'));
    expect(listed).toEqual([
      { UserName: 'alice', AccessKeyId: a.AccessKeyId, Status: 'Active', CreateDate: a.CreateDate },
      { UserName: 'alice', AccessKeyId: b.AccessKeyId, Status: 'Active', CreateDate: b.CreateDate },
    ]);
    expect(JSON.stringify(listed)).not.toContain(a.SecretAccessKey);
  });

  it('update status and delete, only the named user’s own keys', async () => {
    const key = await create();
    await store.transaction((tx) => updateAccessKey(tx, TEST_ACCOUNT, 'alice', key.AccessKeyId, 'Inactive'));
    expect((await store.transaction((tx) => listAccessKeys(tx, TEST_ACCOUNT, 'alice')))[0]?.Status).toBe(
      'Inactive',
    );
    expect((await store.transaction((tx) => findAccessKey(tx, box, key.AccessKeyId)))?.status).toBe(
      'Inactive',
    );

    for (const op of [
      () => store.transaction((tx) => updateAccessKey(tx, TEST_ACCOUNT, 'bob', key.AccessKeyId, 'Active')),
      () => store.transaction((tx) => deleteAccessKey(tx, TEST_ACCOUNT, 'bob', key.AccessKeyId)),
      () => store.transaction((tx) => deleteAccessKey(tx, TEST_ACCOUNT, 'alice', 'AKIAIOSFODNN7EXAMPLE')),
    ]) {
      const error = await rejection(op());
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toMatch(/^The Access Key with id AKIA\w+ cannot be found\.$/);
    }
    const unknownUser = await rejection(
      store.transaction((tx) => deleteAccessKey(tx, TEST_ACCOUNT, 'nobody', key.AccessKeyId)),
    );
    expect(unknownUser.message).toBe('The user with name nobody cannot be found.');

    await store.transaction((tx) => deleteAccessKey(tx, TEST_ACCOUNT, 'alice', key.AccessKeyId));
    expect(await store.transaction((tx) => listAccessKeys(tx, TEST_ACCOUNT, 'alice'))).toEqual([]);
    expect(await store.transaction((tx) => findAccessKey(tx, box, key.AccessKeyId))).toBeUndefined();
  });
});

describe('GetAccessKeyLastUsed and recordAccessKeyUse', () => {
  it('says N/A for a key never used, then the last use', async () => {
    const key = await create();
    expect(
      await store.transaction((tx) => getAccessKeyLastUsed(tx, TEST_ACCOUNT, CALLER, key.AccessKeyId)),
    ).toEqual({ UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });

    await store.transaction((tx) => recordAccessKeyUse(tx, key.AccessKeyId, 'iam', 'us-east-1', T0));
    const used = new Date('2025-04-02T08:30:00.000Z');
    await store.transaction((tx) => recordAccessKeyUse(tx, key.AccessKeyId, 'ec2', 'eu-west-1', used));
    expect(
      await store.transaction((tx) => getAccessKeyLastUsed(tx, TEST_ACCOUNT, CALLER, key.AccessKeyId)),
    ).toEqual({
      UserName: 'alice',
      AccessKeyLastUsed: { LastUsedDate: used.toISOString(), ServiceName: 'ec2', Region: 'eu-west-1' },
    });
  });

  it('answers AccessDenied, as AWS does, for a key the account does not have', async () => {
    const foreign = await create('carol', OTHER_ACCOUNT);
    for (const id of ['AKIAIOSFODNN7EXAMPLE', foreign.AccessKeyId]) {
      const error = await rejection(
        store.transaction((tx) => getAccessKeyLastUsed(tx, TEST_ACCOUNT, CALLER, id)),
      );
      expect(error.code).toBe('AccessDenied');
      expect(error.message).toBe(
        `User: ${CALLER} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${id}`,
      );
    }
  });
});

describe('findAccessKey', () => {
  it('gives the authenticator the owner and the opened secret', async () => {
    const key = await create('carol', OTHER_ACCOUNT);
    const userId = (
      await store.db.selectFrom('users').select('id').where('name', '=', 'carol').executeTakeFirstOrThrow()
    ).id;
    expect(await store.transaction((tx) => findAccessKey(tx, box, key.AccessKeyId))).toEqual({
      accessKeyId: key.AccessKeyId,
      accountId: OTHER_ACCOUNT,
      userId,
      userName: 'carol',
      userArn: `arn:aws:iam::${OTHER_ACCOUNT}:user/carol`,
      status: 'Active',
      lastUsedAt: null,
      userTags: [],
      secret: key.SecretAccessKey,
    });
    expect(await store.transaction((tx) => findAccessKey(tx, box, 'AKIAIOSFODNN7EXAMPLE'))).toBeUndefined();
  });

  it("reads the owner's tags with the key, in the order they were set", async () => {
    const key = await create('bob');
    const bob = await store.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'bob')
      .executeTakeFirstOrThrow();
    const tags = [
      { Key: 'team', Value: 'blue' },
      { Key: 'Cost', Value: '' },
    ];
    await store.transaction((tx) => setTags(tx, bob.id, tags, 'User'));
    expect((await findAccessKey(store.db, box, key.AccessKeyId))?.userTags).toEqual(tags);
  });

  it('refuses a secret copied from another key’s row, or opened under another key', async () => {
    const a = await create();
    const b = await create('bob');
    const rowA = await store.db
      .selectFrom('access_keys')
      .select('secret')
      .where('id', '=', a.AccessKeyId)
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable('access_keys')
      .set({ secret: rowA.secret })
      .where('id', '=', b.AccessKeyId)
      .execute();
    await expect(store.transaction((tx) => findAccessKey(tx, box, b.AccessKeyId))).rejects.toThrow();
    await expect(
      store.transaction((tx) => findAccessKey(tx, secretBox(randomBytes(32)), a.AccessKeyId)),
    ).rejects.toThrow();
  });
});

describe('userNameOrCaller', () => {
  it('defaults to the calling user, and needs a name from anyone else', () => {
    expect(userNameOrCaller('bob', { userName: 'alice' })).toBe('bob');
    expect(userNameOrCaller(undefined, { userName: 'alice' })).toBe('alice');
    expect(() => userNameOrCaller(undefined, {})).toThrow(
      expect.objectContaining({
        code: 'ValidationError',
        message: 'Must specify userName when calling with non-User credentials',
      }),
    );
  });
});
