import type { Selectable, Updateable } from 'kysely';
import type { ConsoleSessionsTable } from './database.js';
import type { Tx } from './store.js';

export type ConsoleSessionRow = Selectable<ConsoleSessionsTable>;

/** A console session with the name and ARN of the user it acts as. */
export type ConsoleSessionWithUser = ConsoleSessionRow & { user_name: string; user_arn: string };

export async function insertConsoleSession(tx: Tx, row: ConsoleSessionRow): Promise<void> {
  await tx.insertInto('console_sessions').values(row).execute();
}

/** A session by the hash of its identifier, with its user, or undefined. */
export function findConsoleSession(tx: Tx, idHash: string): Promise<ConsoleSessionWithUser | undefined> {
  return tx
    .selectFrom('console_sessions')
    .innerJoin('users', 'users.id', 'console_sessions.user_id')
    .selectAll('console_sessions')
    .select(['users.name as user_name', 'users.arn as user_arn'])
    .where('console_sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

/** Changes a session; `id_hash` among the changes rotates its identifier. Whether it existed. */
export async function updateConsoleSession(
  tx: Tx,
  idHash: string,
  changes: Updateable<ConsoleSessionsTable>,
): Promise<boolean> {
  const result = await tx
    .updateTable('console_sessions')
    .set(changes)
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteConsoleSession(tx: Tx, idHash: string): Promise<void> {
  await tx.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute();
}

/** Drops sessions past their absolute end (they would be refused anyway; this keeps the table small). */
export async function deleteExpiredConsoleSessions(tx: Tx, now: Date): Promise<void> {
  await tx.deleteFrom('console_sessions').where('expires_at', '<=', now.toISOString()).execute();
}

/** The consecutive failures counted under `key`, or undefined. */
export function findSigninFailures(
  tx: Tx,
  key: string,
): Promise<{ count: number; last_failure_at: string } | undefined> {
  return tx
    .selectFrom('console_signin_failures')
    .select(['count', 'last_failure_at'])
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Counts one more failure under `key` (the database increments, so concurrent ones all count). */
export async function addSigninFailure(tx: Tx, key: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx
    .insertInto('console_signin_failures')
    .values({ key, count: 1, last_failure_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb('console_signin_failures.count', '+', 1),
        last_failure_at: at,
      })),
    )
    .execute();
}

export async function clearSigninFailures(tx: Tx, key: string): Promise<void> {
  await tx.deleteFrom('console_signin_failures').where('key', '=', key).execute();
}

/** Records a console sign-in with the user's password (IAM's PasswordLastUsed). */
export async function recordPasswordUse(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx
    .updateTable('users')
    .set({ password_last_used: now.toISOString() })
    .where('id', '=', userId)
    .execute();
}
