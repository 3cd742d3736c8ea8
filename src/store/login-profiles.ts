import type { Selectable, Updateable } from 'kysely';
import type { LoginProfilesTable } from './database.js';
import type { Tx } from './store.js';

export type LoginProfileRow = Selectable<LoginProfilesTable>;

/** How many past password hashes are kept per user: PasswordReusePrevention's maximum. */
export const PASSWORD_HISTORY_DEPTH = 24;

/** The user's login profile, or undefined. */
export function findLoginProfile(tx: Tx, userId: string): Promise<LoginProfileRow | undefined> {
  return tx.selectFrom('login_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function insertLoginProfile(tx: Tx, row: LoginProfileRow): Promise<void> {
  await tx.insertInto('login_profiles').values(row).execute();
}

export async function updateLoginProfile(
  tx: Tx,
  userId: string,
  changes: Omit<Updateable<LoginProfilesTable>, 'user_id'>,
): Promise<void> {
  await tx.updateTable('login_profiles').set(changes).where('user_id', '=', userId).execute();
}

/** Deletes the user's login profile; whether there was one. */
export async function deleteLoginProfile(tx: Tx, userId: string): Promise<boolean> {
  const result = await tx.deleteFrom('login_profiles').where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Remembers a password the user has been given, keeping only the newest
 * {@link PASSWORD_HISTORY_DEPTH}. The history outlives the login profile, so deleting and
 * re-creating a profile does not reset reuse prevention.
 */
export async function addPasswordHistory(
  tx: Tx,
  userId: string,
  passwordHash: string,
  at: string,
): Promise<void> {
  await tx
    .insertInto('password_history')
    .values({ user_id: userId, password_hash: passwordHash, created_at: at })
    .execute();
  const kept = await recentPasswordHashes(tx, userId, PASSWORD_HISTORY_DEPTH);
  await tx
    .deleteFrom('password_history')
    .where('user_id', '=', userId)
    .where('password_hash', 'not in', kept)
    .execute();
}

/** The hashes of the user's last `count` passwords, newest first (the current one included). */
export async function recentPasswordHashes(tx: Tx, userId: string, count: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    // Each password is hashed (tens of milliseconds) inside a transaction, so one user's passwords
    // never share a millisecond in practice; the hash only makes the order total.
    .orderBy('created_at', 'desc')
    .orderBy('password_hash', 'desc')
    .limit(count)
    .execute();
  return rows.map((r) => r.password_hash);
}
