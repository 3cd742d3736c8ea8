import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * What a principal's policies are made of changes only through these tables; the database itself
 * bumps one generation number on every such write, so a cache of compiled policies can check in
 * one read that it is current, and no code path can forget to invalidate it.
 */
const POLICY_SOURCES = [
  'attachments',
  'inline_policies',
  'policies',
  'policy_versions',
  'group_members',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policy_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into policy_generation (id, value) values (1, 0)`.execute(db);
  if (dialectOf(db) === 'postgres') await postgresTriggers(db);
  else await sqliteTriggers(db);
}

/** SQLite's triggers (row level, as all of SQLite's are); existing databases have exactly these. */
async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const bump = sql.raw('update policy_generation set value = value + 1 where id = 1;');
  for (const table of POLICY_SOURCES)
    for (const event of ['insert', 'update', 'delete'] as const)
      await sql`create trigger ${sql.raw(`${table}_${event}_policy_generation`)} after ${sql.raw(event)} on ${sql.table(table)} begin ${bump} end`.execute(
        db,
      );
  // A user's permissions boundary is part of its policies too.
  await sql`create trigger users_boundary_policy_generation after update of permissions_boundary on users begin ${bump} end`.execute(
    db,
  );
}

/**
 * The same on PostgreSQL: one PL/pgSQL function, called for each changed row as SQLite's triggers
 * are. The generation row is shared by every node, so a write on one invalidates the compiled
 * policies of all of them by the next request.
 */
async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function bump_policy_generation() returns trigger language plpgsql as $$
    begin
      update policy_generation set value = value + 1 where id = 1;
      return null;
    end
  $$`.execute(db);
  for (const table of POLICY_SOURCES)
    await sql`create trigger ${sql.raw(`${table}_policy_generation`)} after insert or update or delete on ${sql.table(table)} for each row execute function bump_policy_generation()`.execute(
      db,
    );
  await sql`create trigger users_boundary_policy_generation after update of permissions_boundary on users for each row execute function bump_policy_generation()`.execute(
    db,
  );
}
