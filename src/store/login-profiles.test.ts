import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT } from '../../test/support/store.js';
import { lockUserCredentials } from './access-keys.js';
import { addPasswordHistory, PASSWORD_HISTORY_DEPTH, recentPasswordHashes } from './login-profiles.js';
import type { Store } from './store.js';

let store: Store;
beforeEach(async () => {
  store = await testStore();
  for (const id of ['AIDAUSERONE', 'AIDAUSERTWO']) {
    await store.db
      .insertInto('users')
      .values({
        id,
        account_id: TEST_ACCOUNT,
        name: id,
        name_key: id.toLowerCase(),
        path: '/',
        arn: `arn:aws:iam::${TEST_ACCOUNT}:user/${id}`,
        permissions_boundary: null,
        created_at: '2025-01-01T00:00:00.000Z',
        password_last_used: null,
      })
      .execute();
  }
});
afterEach(() => store.close());

const at = (i: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();

describe('password history', () => {
  it('gives the newest hashes first and keeps only the newest 24 per user', async () => {
    for (let i = 0; i < 30; i++) await addPasswordHistory(store.db, 'AIDAUSERONE', `hash-${i}`, at(i));
    await addPasswordHistory(store.db, 'AIDAUSERTWO', 'other', at(0));
    expect(await recentPasswordHashes(store.db, 'AIDAUSERONE', 3)).toEqual(['hash-29', 'hash-28', 'hash-27']);
    const kept = await recentPasswordHashes(store.db, 'AIDAUSERONE', 100);
    expect(kept).toHaveLength(PASSWORD_HISTORY_DEPTH);
    expect(kept.at(-1)).toBe('hash-6');
    expect(await recentPasswordHashes(store.db, 'AIDAUSERTWO', 24)).toEqual(['other']);
  });
});

describe('lockUserCredentials', () => {
  it('changes nothing', async () => {
    const before = await store.db.selectFrom('users').selectAll().orderBy('id').execute();
    await store.transaction((tx) => lockUserCredentials(tx, 'AIDAUSERONE'));
    expect(await store.db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
