import { sql, type Kysely } from 'kysely';

/**
 * The audit trail: one row per event, each holding the event as JSON and the SHA-256 chaining it
 * to the one before, and a head row with the chain's last hash and length. Appending updates the
 * head in the same transaction, which serializes appenders (on every node sharing the database),
 * and lets a verifier tell a deleted last event from a chain that simply ends there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('event_time', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('event_source', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('principal_arn', 'text')
    .addColumn('access_key_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_time').on('audit_events').column('event_time').execute();
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // The hash the first event chains to: 64 zeros.
  await sql`insert into audit_head (id, length, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);
}
