import { hashPassword, verifyAgainstNothing, verifyPasswordHash } from '../auth/passwords.js';
import {
  addPasswordHistory,
  deleteLoginProfile as deleteLoginProfileRow,
  findLoginProfile,
  insertLoginProfile,
  recentPasswordHashes,
  updateLoginProfile as updateLoginProfileRow,
  type LoginProfileRow,
} from '../store/login-profiles.js';
import { readPasswordPolicy, type StoredPasswordPolicy } from '../store/password-policy.js';
import { findUser, type UserRow } from '../store/principals.js';
import type { Tx } from '../store/store.js';
import { IamError } from './errors.js';
import { checkPasswordPolicy, passwordExpired } from './password-policy.js';
import { requireUser } from './principals.js';

/** The `LoginProfile` structure. */
export interface LoginProfile {
  UserName: string;
  CreateDate: string;
  PasswordResetRequired: boolean;
}

/** The outcome of checking a console sign-in password. */
export type PasswordCheck =
  | { readonly ok: false }
  | {
      readonly ok: true;
      readonly userId: string;
      readonly userName: string;
      /** The user must choose a new password before doing anything else. */
      readonly passwordResetRequired: boolean;
      /** The password is older than the policy's MaxPasswordAge. */
      readonly expired: boolean;
      /** With `expired`: the policy's HardExpiry, so only an administrator can set a new one. */
      readonly hardExpiry: boolean;
    };

function noSuchLoginProfile(userName: string): IamError {
  return new IamError('NoSuchEntity', `Login Profile for User ${userName} cannot be found.`);
}

function loginProfile(row: LoginProfileRow, user: UserRow): LoginProfile {
  return {
    UserName: user.name,
    CreateDate: row.created_at,
    PasswordResetRequired: row.password_reset_required === 1,
  };
}

/**
 * `PasswordPolicyViolation` unless `password` meets the policy and, if it asks for reuse
 * prevention, differs from each of the user's last PasswordReusePrevention passwords.
 */
async function checkNewPassword(
  tx: Tx,
  policy: StoredPasswordPolicy | undefined,
  userId: string,
  password: string,
): Promise<void> {
  checkPasswordPolicy(policy, password);
  const depth = policy?.passwordReusePrevention;
  if (depth === undefined) return;
  const previous = await recentPasswordHashes(tx, userId, depth);
  const matches = await Promise.all(previous.map((h) => verifyPasswordHash(h, password)));
  if (matches.some(Boolean)) {
    throw new IamError(
      'PasswordPolicyViolation',
      `Password should not be one of your previous ${depth} passwords`,
    );
  }
}

/** Gives the user a console password, which must meet the account's password policy. */
export async function createLoginProfile(
  tx: Tx,
  accountId: string,
  userName: string,
  password: string,
  passwordResetRequired: boolean,
  now: Date,
): Promise<LoginProfile> {
  const user = await requireUser(tx, accountId, userName);
  if (await findLoginProfile(tx, user.id)) {
    throw new IamError('EntityAlreadyExists', `Login Profile for user ${user.name} already exists.`);
  }
  await checkNewPassword(tx, await readPasswordPolicy(tx, accountId), user.id, password);
  const at = now.toISOString();
  const passwordHash = await hashPassword(password);
  const row: LoginProfileRow = {
    user_id: user.id,
    password_hash: passwordHash,
    password_reset_required: passwordResetRequired ? 1 : 0,
    created_at: at,
    password_set_at: at,
  };
  await insertLoginProfile(tx, row);
  await addPasswordHistory(tx, user.id, passwordHash, at);
  return loginProfile(row, user);
}

/** The user's login profile (never the password), or `NoSuchEntity`. */
export async function getLoginProfile(tx: Tx, accountId: string, userName: string): Promise<LoginProfile> {
  const user = await requireUser(tx, accountId, userName);
  const row = await findLoginProfile(tx, user.id);
  if (!row) throw noSuchLoginProfile(user.name);
  return loginProfile(row, user);
}

/** An administrator's change to a user's password and/or whether it must be reset at sign-in. */
export async function updateLoginProfile(
  tx: Tx,
  accountId: string,
  userName: string,
  changes: { readonly password?: string; readonly passwordResetRequired?: boolean },
  now: Date,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await findLoginProfile(tx, user.id))) throw noSuchLoginProfile(user.name);
  if (changes.password !== undefined) {
    await checkNewPassword(tx, await readPasswordPolicy(tx, accountId), user.id, changes.password);
    const at = now.toISOString();
    const passwordHash = await hashPassword(changes.password);
    await updateLoginProfileRow(tx, user.id, { password_hash: passwordHash, password_set_at: at });
    await addPasswordHistory(tx, user.id, passwordHash, at);
  }
  if (changes.passwordResetRequired !== undefined) {
    await updateLoginProfileRow(tx, user.id, {
      password_reset_required: changes.passwordResetRequired ? 1 : 0,
    });
  }
}

/** Removes the user's console password. Its history stays, for reuse prevention. */
export async function deleteLoginProfile(tx: Tx, accountId: string, userName: string): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await deleteLoginProfileRow(tx, user.id))) throw noSuchLoginProfile(user.name);
}

/**
 * The calling user changes their own password: the old one must be right and the new one must meet
 * the policy. Clears "password reset required". Whether the caller may change their password at
 * all (an allowing policy, or AllowUsersToChangePassword) is the authorizer's question.
 */
export async function changePassword(
  tx: Tx,
  caller: { readonly accountId: string; readonly userName?: string },
  oldPassword: string,
  newPassword: string,
  now: Date,
): Promise<void> {
  if (caller.userName === undefined) {
    throw new IamError(
      'InvalidUserType',
      'Only IAM users can change their own password with ChangePassword.',
    );
  }
  const user = await requireUser(tx, caller.accountId, caller.userName);
  const row = await findLoginProfile(tx, user.id);
  if (!row) throw noSuchLoginProfile(user.name);
  if (!(await verifyPasswordHash(row.password_hash, oldPassword))) {
    throw new IamError('InvalidUserType', 'The old password is incorrect.');
  }
  await checkNewPassword(tx, await readPasswordPolicy(tx, caller.accountId), user.id, newPassword);
  const at = now.toISOString();
  const passwordHash = await hashPassword(newPassword);
  await updateLoginProfileRow(tx, user.id, {
    password_hash: passwordHash,
    password_set_at: at,
    password_reset_required: 0,
  });
  await addPasswordHistory(tx, user.id, passwordHash, at);
}

/**
 * Checks a console sign-in. Takes about as long whether the user does not exist, has no password,
 * or gave a wrong one (each costs one argon2 verification), and says only `{ ok: false }` for all.
 * @example const check = await verifyPassword(tx, accountId, form.userName, form.password, now);
 */
export async function verifyPassword(
  tx: Tx,
  accountId: string,
  userName: string,
  password: string,
  now: Date = new Date(),
): Promise<PasswordCheck> {
  const user = await findUser(tx, accountId, userName);
  const row = user ? await findLoginProfile(tx, user.id) : undefined;
  if (!user || !row) return verifyAgainstNothing(password).then(() => ({ ok: false }));
  if (!(await verifyPasswordHash(row.password_hash, password))) return { ok: false };
  const policy = await readPasswordPolicy(tx, accountId);
  return {
    ok: true,
    userId: user.id,
    userName: user.name,
    passwordResetRequired: row.password_reset_required === 1,
    expired: passwordExpired(policy, row.password_set_at, now),
    hardExpiry: policy?.hardExpiry ?? false,
  };
}
