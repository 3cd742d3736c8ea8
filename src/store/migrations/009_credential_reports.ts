import type { Kysely } from 'kysely';

/**
 * The credential report, one row per account, in the database so that every node sharing it serves
 * the same report (and none generates a second one within AWS's four hours). A row whose
 * `generated_at` is null is a generation under way since `started_at`; `content` is the CSV.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_reports')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'text')
    .addColumn('content', 'text')
    .execute();
}
