import type { Kysely } from 'kysely';

/**
 * Web console sessions and sign-in failures. A session is found by the SHA-256 of its identifier:
 * the identifier itself lives only in the browser's cookie, so a copy of the database signs no one
 * in. Failures are counted per user name and per source address (a key of either kind), so that
 * guessing slows down whether or not the user exists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    // A deleted user's console sessions go with it, as its STS sessions do.
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // What the session still lacks before it may act: 'mfa', 'new_password', or nothing ('active').
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('mfa_authenticated_at', 'text')
    .addColumn('source_ip', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_user').on('console_sessions').column('user_id').execute();

  await db.schema
    .createTable('console_signin_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();
}
