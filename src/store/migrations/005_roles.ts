import type { Kysely } from 'kysely';

/**
 * IAM roles and the sessions STS AssumeRole issues for them. Role sessions have a table of their
 * own rather than a nullable `sessions.user_id`: a role session acts as the role, carries a session
 * name and session policies, and goes when its role goes (SQLite cannot relax a NOT NULL column
 * without rebuilding the table). The secret is sealed and only the token's SHA-256 kept, as for
 * GetSessionToken's sessions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('assume_role_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('permissions_boundary', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('roles_name', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('role_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('session_name', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('mfa_authenticated_at', 'text')
    // The inline session policy (`Policy`) as given, and the `PolicyArns` as a JSON array.
    .addColumn('session_policy', 'text')
    .addColumn('session_policy_arns', 'text')
    .execute();
  await db.schema.createIndex('role_sessions_role').on('role_sessions').column('role_id').execute();
}
