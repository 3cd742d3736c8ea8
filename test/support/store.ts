import { newId } from '../../src/iam/ids.js';
import type { UserRow } from '../../src/store/principals.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store, Tx } from '../../src/store/store.js';

export const TEST_ACCOUNT = '123456789012';

/** A fresh in-memory store with one account, for domain tests. */
export async function testStore(accountId = TEST_ACCOUNT): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  await store.db
    .insertInto('accounts')
    .values({ id: accountId, alias: null, password_policy: null, created_at: new Date().toISOString() })
    .execute();
  return store;
}

/** Inserts a user row directly (for tests of what users own), with path `/`. */
export async function insertTestUser(
  db: Tx,
  name: string,
  options: { accountId?: string; createdAt?: Date } = {},
): Promise<UserRow> {
  const accountId = options.accountId ?? TEST_ACCOUNT;
  const row: UserRow = {
    id: newId('AIDA'),
    account_id: accountId,
    name,
    name_key: name.toLowerCase(),
    path: '/',
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    permissions_boundary: null,
    created_at: (options.createdAt ?? new Date()).toISOString(),
    password_last_used: null,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}
