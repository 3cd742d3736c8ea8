import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT } from '../../test/support/store.js';
import { readPasswordPolicy, writePasswordPolicy, type StoredPasswordPolicy } from './password-policy.js';
import type { Store } from './store.js';

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(() => store.close());

const base: StoredPasswordPolicy = {
  minimumPasswordLength: 12,
  requireSymbols: true,
  requireNumbers: false,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: true,
};

describe('password policy storage', () => {
  it('round-trips through accounts.password_policy, optional fields only when set', async () => {
    expect(await readPasswordPolicy(store.db, TEST_ACCOUNT)).toBeUndefined();
    await writePasswordPolicy(store.db, TEST_ACCOUNT, base);
    expect(await readPasswordPolicy(store.db, TEST_ACCOUNT)).toEqual(base);
    const full = { ...base, maxPasswordAge: 90, passwordReusePrevention: 24, hardExpiry: false };
    await writePasswordPolicy(store.db, TEST_ACCOUNT, full);
    expect(await readPasswordPolicy(store.db, TEST_ACCOUNT)).toEqual(full);
    const row = await store.db.selectFrom('accounts').select('password_policy').executeTakeFirstOrThrow();
    expect(JSON.parse(row.password_policy ?? 'null')).toEqual(full);
    await writePasswordPolicy(store.db, TEST_ACCOUNT, undefined);
    expect(await readPasswordPolicy(store.db, TEST_ACCOUNT)).toBeUndefined();
  });

  it('has no policy for an account that does not exist', async () => {
    await writePasswordPolicy(store.db, '000000000000', base);
    expect(await readPasswordPolicy(store.db, '000000000000')).toBeUndefined();
  });

  it('fails loudly on a stored policy it cannot read, rather than enforce part of it', async () => {
    for (const bad of [
      '{',
      '[]',
      JSON.stringify({ ...base, minimumPasswordLength: '12' }),
      JSON.stringify({ ...base, requireSymbols: undefined }),
    ]) {
      await store.db.updateTable('accounts').set({ password_policy: bad }).execute();
      await expect(readPasswordPolicy(store.db, TEST_ACCOUNT)).rejects.toThrow();
    }
  });
});
