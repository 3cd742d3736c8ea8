import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';

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
