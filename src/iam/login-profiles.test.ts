import { rejection } from '../../test/support/errors.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT } from '../../test/support/store.js';
import { verifyPasswordHash } from '../auth/passwords.js';
import type { Store } from '../store/store.js';
import { newId } from './ids.js';
import {
  changePassword,
  createLoginProfile,
  deleteLoginProfile,
  getLoginProfile,
  updateLoginProfile,
  verifyPassword,
} from './login-profiles.js';
import { updateAccountPasswordPolicy } from './password-policy.js';

let store: Store;
beforeEach(async () => {
  store = await testStore();
  await addUser('alice');
});
afterEach(() => store.close());

async function addUser(name: string): Promise<string> {
  const id = newId('AIDA');
  await store.db
    .insertInto('users')
    .values({
      id,
      account_id: TEST_ACCOUNT,
      name,
      name_key: name.toLowerCase(),
      path: '/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`,
      permissions_boundary: null,
      created_at: new Date().toISOString(),
      password_last_used: null,
    })
    .execute();
  return id;
}

const T0 = new Date('2025-03-01T10:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const PASSWORD = 'Initial-Passw0rd';

const create = (password = PASSWORD, reset = false, user = 'alice') =>
  store.transaction((tx) => createLoginProfile(tx, TEST_ACCOUNT, user, password, reset, T0));
const change = (
  oldPassword: string,
  newPassword: string,
  now = later(1),
  caller: { accountId: string; userName?: string } = { accountId: TEST_ACCOUNT, userName: 'alice' },
) => store.transaction((tx) => changePassword(tx, caller, oldPassword, newPassword, now));
const verify = (password: string, now = later(1), user = 'alice') =>
  store.transaction((tx) => verifyPassword(tx, TEST_ACCOUNT, user, password, now));

async function allRows(): Promise<string> {
  const profiles = await store.db.selectFrom('login_profiles').selectAll().execute();
  const history = await store.db.selectFrom('password_history').selectAll().execute();
  return JSON.stringify({ profiles, history });
}

describe('CreateLoginProfile', () => {
  it('stores an argon2id hash, never the password, and answers the LoginProfile', async () => {
    expect(await create(PASSWORD, true)).toEqual({
      UserName: 'alice',
      CreateDate: T0.toISOString(),
      PasswordResetRequired: true,
    });
    const row = await store.db.selectFrom('login_profiles').selectAll().executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPasswordHash(row.password_hash, PASSWORD)).toBe(true);
    expect(row.password_set_at).toBe(T0.toISOString());
    expect(await allRows()).not.toContain(PASSWORD);
  });

  it('uses the name as the user was created, whatever case it is asked for in', async () => {
    const profile = await store.transaction((tx) =>
      createLoginProfile(tx, TEST_ACCOUNT, 'ALICE', PASSWORD, false, T0),
    );
    expect(profile.UserName).toBe('alice');
  });

  it('refuses a second profile, and an unknown user, in AWS words', async () => {
    await create();
    const twice = await rejection(create('Another-Passw0rd'));
    expect(twice.code).toBe('EntityAlreadyExists');
    expect(twice.message).toBe('Login Profile for user alice already exists.');
    const nobody = await rejection(create(PASSWORD, false, 'nobody'));
    expect(nobody.code).toBe('NoSuchEntity');
    expect(nobody.message).toBe('The user with name nobody cannot be found.');
  });

  it('enforces the default rules without a policy, and leaves nothing behind when it refuses', async () => {
    const error = await rejection(create('abcdefgh1'));
    expect(error.code).toBe('PasswordPolicyViolation');
    expect(error.message).toBe(
      'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one symbol',
    );
    expect(await store.db.selectFrom('login_profiles').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('password_history').selectAll().execute()).toEqual([]);
  });

  it('enforces the account policy instead when there is one', async () => {
    await store.transaction((tx) =>
      updateAccountPasswordPolicy(tx, TEST_ACCOUNT, {
        MinimumPasswordLength: 6,
        RequireUppercaseCharacters: true,
      }),
    );
    const error = await rejection(create('abcdefgh'));
    expect(error.message).toBe('Password should have at least one uppercase letter');
    // Laxer than the default rules, and the policy is what counts.
    await create('abcdeF');
  });
});

describe('GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile', () => {
  it('report a missing profile in AWS words (capital U)', async () => {
    for (const op of [
      () => store.transaction((tx) => getLoginProfile(tx, TEST_ACCOUNT, 'alice')),
      () =>
        store.transaction((tx) => updateLoginProfile(tx, TEST_ACCOUNT, 'alice', { password: PASSWORD }, T0)),
      () => store.transaction((tx) => deleteLoginProfile(tx, TEST_ACCOUNT, 'alice')),
      () => change(PASSWORD, 'New-Passw0rd-1'),
    ]) {
      const error = await rejection(op());
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toBe('Login Profile for User alice cannot be found.');
    }
  });

  it('get shows the profile, update changes password and reset flag separately, delete removes it', async () => {
    await create();
    expect(await store.transaction((tx) => getLoginProfile(tx, TEST_ACCOUNT, 'alice'))).toEqual({
      UserName: 'alice',
      CreateDate: T0.toISOString(),
      PasswordResetRequired: false,
    });

    await store.transaction((tx) =>
      updateLoginProfile(tx, TEST_ACCOUNT, 'alice', { passwordResetRequired: true }, later(1)),
    );
    expect((await verify(PASSWORD)).ok).toBe(true);
    expect(await verify(PASSWORD)).toMatchObject({ passwordResetRequired: true });

    await store.transaction((tx) =>
      updateLoginProfile(tx, TEST_ACCOUNT, 'alice', { password: 'Second-Passw0rd' }, later(2)),
    );
    expect((await verify(PASSWORD)).ok).toBe(false);
    expect(await verify('Second-Passw0rd')).toMatchObject({ ok: true, passwordResetRequired: true });
    const row = await store.db.selectFrom('login_profiles').selectAll().executeTakeFirstOrThrow();
    expect(row.password_set_at).toBe(later(2).toISOString());
    expect(row.created_at).toBe(T0.toISOString());
    expect(await allRows()).not.toContain('Second-Passw0rd');

    const weak = await rejection(
      store.transaction((tx) =>
        updateLoginProfile(tx, TEST_ACCOUNT, 'alice', { password: 'weak' }, later(3)),
      ),
    );
    expect(weak.code).toBe('PasswordPolicyViolation');
    expect((await verify('Second-Passw0rd')).ok).toBe(true);

    await store.transaction((tx) => deleteLoginProfile(tx, TEST_ACCOUNT, 'alice'));
    expect((await verify('Second-Passw0rd')).ok).toBe(false);
    expect(
      (await rejection(store.transaction((tx) => getLoginProfile(tx, TEST_ACCOUNT, 'alice')))).code,
    ).toBe('NoSuchEntity');
  });
});

describe('ChangePassword', () => {
  it('checks the old password, sets the new one and clears the reset requirement', async () => {
    await create(PASSWORD, true);
    await change(PASSWORD, 'Changed-Passw0rd');
    expect(await verify('Changed-Passw0rd')).toMatchObject({ ok: true, passwordResetRequired: false });
    expect((await verify(PASSWORD)).ok).toBe(false);
  });

  it('refuses a wrong old password and changes nothing', async () => {
    await create(PASSWORD, true);
    const error = await rejection(change('Wrong-Passw0rd', 'Changed-Passw0rd'));
    expect(error.code).toBe('InvalidUserType');
    expect(error.message).toBe('The old password is incorrect.');
    expect(error.message).not.toContain('Wrong-Passw0rd');
    expect(await verify(PASSWORD)).toMatchObject({ ok: true, passwordResetRequired: true });
  });

  it('is for IAM users only', async () => {
    await create();
    const error = await rejection(
      change(PASSWORD, 'Changed-Passw0rd', later(1), { accountId: TEST_ACCOUNT }),
    );
    expect(error.code).toBe('InvalidUserType');
    expect(error.message).toBe('Only IAM users can change their own password with ChangePassword.');
    expect((await verify(PASSWORD)).ok).toBe(true);
  });

  it('enforces the policy on the new password', async () => {
    await create();
    await store.transaction((tx) =>
      updateAccountPasswordPolicy(tx, TEST_ACCOUNT, { MinimumPasswordLength: 20 }),
    );
    const error = await rejection(change(PASSWORD, 'Short-Passw0rd'));
    expect(error.code).toBe('PasswordPolicyViolation');
    expect(error.message).toBe('Password should have a minimum length of 20');
    expect((await verify(PASSWORD)).ok).toBe(true);
  });

  it('prevents reusing any of the last N passwords, the current one included, and no further', async () => {
    await create('Password-Number-0');
    await store.transaction((tx) =>
      updateAccountPasswordPolicy(tx, TEST_ACCOUNT, { PasswordReusePrevention: 3 }),
    );
    await change('Password-Number-0', 'Password-Number-1', later(1));
    await change('Password-Number-1', 'Password-Number-2', later(2));

    for (const reused of ['Password-Number-2', 'Password-Number-1', 'Password-Number-0']) {
      const error = await rejection(change('Password-Number-2', reused, later(3)));
      expect(error.code).toBe('PasswordPolicyViolation');
      expect(error.message).toBe('Password should not be one of your previous 3 passwords');
    }
    // Refusals left no trace in the history.
    expect(await store.db.selectFrom('password_history').selectAll().execute()).toHaveLength(3);

    await change('Password-Number-2', 'Password-Number-3', later(4));
    // Number 0 is now four passwords back: allowed again.
    await change('Password-Number-3', 'Password-Number-0', later(5));
    expect((await verify('Password-Number-0', later(6))).ok).toBe(true);
  });

  it('keeps the history across deleting and re-creating the profile', async () => {
    await create('Password-Number-0');
    await store.transaction((tx) =>
      updateAccountPasswordPolicy(tx, TEST_ACCOUNT, { PasswordReusePrevention: 1 }),
    );
    await store.transaction((tx) => deleteLoginProfile(tx, TEST_ACCOUNT, 'alice'));
    const error = await rejection(create('Password-Number-0'));
    expect(error.code).toBe('PasswordPolicyViolation');
    await create('Password-Number-1');
  });

  it('allows reuse when the policy does not prevent it', async () => {
    await create();
    await change(PASSWORD, PASSWORD);
    expect((await verify(PASSWORD)).ok).toBe(true);
  });
});

describe('verifyPassword', () => {
  it('answers only ok:false for a wrong password, an unknown user, or a user without a profile', async () => {
    await create();
    await addUser('bob');
    expect(await verify('wrong')).toEqual({ ok: false });
    expect(await verify(PASSWORD, later(1), 'nobody')).toEqual({ ok: false });
    expect(await verify(PASSWORD, later(1), 'bob')).toEqual({ ok: false });
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    await create();
    // The fastest of three runs each, so a scheduling hiccup cannot make either side look slow.
    const time = async (user: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        await verify('wrong', later(1), user);
        runs.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return Math.min(...runs);
    };
    const wrong = await time('alice');
    const unknown = await time('nobody');
    expect(unknown).toBeGreaterThan(wrong / 4);
  });

  it('reports reset-required, and expiry under MaxPasswordAge with HardExpiry', async () => {
    await create(PASSWORD, true);
    const userId = (await store.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    expect(await verify(PASSWORD, later(1))).toEqual({
      ok: true,
      userId,
      userName: 'alice',
      passwordResetRequired: true,
      expired: false,
      hardExpiry: false,
    });
    await store.transaction((tx) =>
      updateAccountPasswordPolicy(tx, TEST_ACCOUNT, { MaxPasswordAge: 1, HardExpiry: true }),
    );
    expect(await verify(PASSWORD, later(24 * 60 - 1))).toMatchObject({ expired: false, hardExpiry: true });
    expect(await verify(PASSWORD, later(24 * 60))).toMatchObject({ expired: true, hardExpiry: true });
    // A new password restarts the clock.
    await change(PASSWORD, 'Changed-Passw0rd', later(24 * 60 + 1));
    expect(await verify('Changed-Passw0rd', later(24 * 60 + 2))).toMatchObject({
      expired: false,
      passwordResetRequired: false,
    });
  });
});
