import { rejection } from '../../test/support/errors.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT } from '../../test/support/store.js';
import { readPasswordPolicy } from '../store/password-policy.js';
import type { Store } from '../store/store.js';
import {
  checkPasswordPolicy,
  deleteAccountPasswordPolicy,
  getAccountPasswordPolicy,
  passwordExpired,
  passwordViolations,
  updateAccountPasswordPolicy,
  usersMayChangeOwnPassword,
  type StoredPasswordPolicy,
} from './password-policy.js';

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(() => store.close());

describe('account password policy', () => {
  it('is NoSuchEntity until set, in AWS words naming the account', async () => {
    const error = await rejection(store.transaction((tx) => getAccountPasswordPolicy(tx, TEST_ACCOUNT)));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`The Password Policy with domain name ${TEST_ACCOUNT} cannot be found.`);
  });

  it('takes AWS defaults for everything not given, and omits what was never set', async () => {
    await store.transaction((tx) => updateAccountPasswordPolicy(tx, TEST_ACCOUNT, {}));
    expect(await store.transaction((tx) => getAccountPasswordPolicy(tx, TEST_ACCOUNT))).toEqual({
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: false,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
    });
  });

  it('is replaced whole, not merged', async () => {
    const full = {
      MinimumPasswordLength: 10,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      MaxPasswordAge: 60,
      PasswordReusePrevention: 3,
      HardExpiry: true,
    };
    await store.transaction((tx) => updateAccountPasswordPolicy(tx, TEST_ACCOUNT, full));
    expect(await store.transaction((tx) => getAccountPasswordPolicy(tx, TEST_ACCOUNT))).toEqual({
      ...full,
      ExpirePasswords: true,
    });
    await store.transaction((tx) => updateAccountPasswordPolicy(tx, TEST_ACCOUNT, { RequireNumbers: true }));
    expect(await store.transaction((tx) => getAccountPasswordPolicy(tx, TEST_ACCOUNT))).toEqual({
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
    });
    expect(await usersMayChangeOwnPassword(store.db, TEST_ACCOUNT)).toBe(false);
  });

  it('refuses out-of-range values with every violation in one ValidationError, writing nothing', async () => {
    const error = await rejection(
      store.transaction((tx) =>
        updateAccountPasswordPolicy(tx, TEST_ACCOUNT, {
          MinimumPasswordLength: 129,
          PasswordReusePrevention: 25,
          MaxPasswordAge: 1096,
        }),
      ),
    );
    expect(error.code).toBe('ValidationError');
    expect(error.message).toBe(
      "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; " +
        "Value at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24; " +
        "Value at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095",
    );
    const low = await rejection(
      store.transaction((tx) => updateAccountPasswordPolicy(tx, TEST_ACCOUNT, { MinimumPasswordLength: 5 })),
    );
    expect(low.message).toBe(
      "1 validation error detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value greater than or equal to 6",
    );
    expect(await readPasswordPolicy(store.db, TEST_ACCOUNT)).toBeUndefined();
  });

  it('can be deleted once, then deleting says so in its own words', async () => {
    await store.transaction((tx) =>
      updateAccountPasswordPolicy(tx, TEST_ACCOUNT, { AllowUsersToChangePassword: true }),
    );
    expect(await usersMayChangeOwnPassword(store.db, TEST_ACCOUNT)).toBe(true);
    await store.transaction((tx) => deleteAccountPasswordPolicy(tx, TEST_ACCOUNT));
    expect(await usersMayChangeOwnPassword(store.db, TEST_ACCOUNT)).toBe(false);
    const get = await rejection(store.transaction((tx) => getAccountPasswordPolicy(tx, TEST_ACCOUNT)));
    expect(get.code).toBe('NoSuchEntity');
    const again = await rejection(store.transaction((tx) => deleteAccountPasswordPolicy(tx, TEST_ACCOUNT)));
    expect(again.code).toBe('NoSuchEntity');
    expect(again.message).toBe('The account policy with name PasswordPolicy cannot be found.');
  });
});

const policy = (p: Partial<StoredPasswordPolicy> = {}): StoredPasswordPolicy => ({
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  ...p,
});

describe('passwordViolations', () => {
  it('applies AWS default rules without a policy: 8 characters, three of four classes', () => {
    expect(passwordViolations(undefined, 'abcDEF12')).toEqual([]);
    expect(passwordViolations(undefined, 'abcdef!1')).toEqual([]);
    expect(passwordViolations(undefined, 'Ab1!')).toEqual(['Password should have a minimum length of 8']);
    expect(passwordViolations(undefined, 'abcdef123')).toEqual([
      'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one symbol',
    ]);
    expect(passwordViolations(undefined, 'abcdefgh')).toEqual([
      'Password should meet 2 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one number, Password should have at least one symbol',
    ]);
    expect(passwordViolations(undefined, 'abc')).toHaveLength(2);
  });

  it('applies exactly what a policy requires, each in its own words', () => {
    expect(passwordViolations(policy(), 'abcdef')).toEqual([]);
    expect(passwordViolations(policy(), 'abcde')).toEqual(['Password should have a minimum length of 6']);
    const strict = policy({
      minimumPasswordLength: 12,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
    });
    expect(passwordViolations(strict, 'abc')).toEqual([
      'Password should have a minimum length of 12',
      'Password should have at least one uppercase letter',
      'Password should have at least one number',
      'Password should have at least one symbol',
    ]);
    expect(passwordViolations(strict, 'ABC')).toContain('Password should have at least one lowercase letter');
    expect(passwordViolations(strict, 'Abcdefgh1234|')).toEqual([]);
    // A character outside IAM's symbol list is not a symbol.
    expect(passwordViolations(strict, 'Abcdefgh1234?')).toEqual(['Password should have at least one symbol']);
  });

  it('become one PasswordPolicyViolation', () => {
    expect(() => checkPasswordPolicy(policy({ requireNumbers: true }), 'abcdefgh')).toThrow(
      expect.objectContaining({
        code: 'PasswordPolicyViolation',
        message: 'Password should have at least one number',
      }),
    );
    expect(() => checkPasswordPolicy(policy(), 'abcdefgh')).not.toThrow();
  });
});

describe('passwordExpired', () => {
  const setAt = '2025-01-01T00:00:00.000Z';
  it('counts MaxPasswordAge in days from when the password was set', () => {
    const p = policy({ maxPasswordAge: 30 });
    expect(passwordExpired(p, setAt, new Date('2025-01-30T23:59:59.999Z'))).toBe(false);
    expect(passwordExpired(p, setAt, new Date('2025-01-31T00:00:00.000Z'))).toBe(true);
  });
  it('never expires without MaxPasswordAge', () => {
    expect(passwordExpired(policy(), setAt, new Date('2100-01-01'))).toBe(false);
    expect(passwordExpired(undefined, setAt, new Date('2100-01-01'))).toBe(false);
  });
});
