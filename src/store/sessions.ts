import type { Selectable } from 'kysely';
import type { SessionsTable } from './database.js';
import type { Tx } from './store.js';

export type SessionRow = Selectable<SessionsTable>;

/** A session with the name and ARN of the user it acts as. */
export type SessionWithUser = SessionRow & { user_name: string; user_arn: string };

export async function insertSession(tx: Tx, row: SessionRow): Promise<void> {
  await tx.insertInto('sessions').values(row).execute();
}

/** A session by its access key id, with its user (none if the user is gone), or undefined. */
export function findSessionById(tx: Tx, accessKeyId: string): Promise<SessionWithUser | undefined> {
  return tx
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select(['users.name as user_name', 'users.arn as user_arn'])
    .where('sessions.id', '=', accessKeyId)
    .executeTakeFirst();
}
