import { Kysely, Migrator, sql } from 'kysely';
import pg from 'pg';
import { retryLostRaces } from './conflict-retry.js';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';
import { PortablePostgresDialect } from './postgres-dialect.js';
import type { Store } from './store.js';

/** Connections per node: enough for concurrent requests, few enough for many nodes on one server. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * The advisory lock held while migrating (an arbitrary 64-bit key, "iamfa" in it): nodes started
 * together migrate one after the other, and each after the first finds nothing left to do.
 */
const MIGRATION_LOCK = 0x69616d6661n;

export interface PostgresStoreOptions {
  /** The most connections this node opens (at least 2: one holds the migration lock). */
  readonly poolSize?: number;
  /** Where a connection's failure while idle in the pool is reported (it is then replaced). */
  readonly onPoolError?: (error: Error) => void;
}

/**
 * Opens the PostgreSQL store at `url` (`postgres://user:password@host:port/database`) with a pool
 * of connections, and brings its schema up to date under an advisory lock. Several nodes share
 * one database: everything they must agree on (sessions, MFA steps used, failure counts, the
 * policy generation) is in it.
 *
 * @example const store = await openPostgresStore('postgres://iamfa@db.internal/iamfa');
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isInteger(poolSize) || poolSize < 2)
    throw new Error('The PostgreSQL pool needs 2 connections or more.');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that fails (the server restarted) is dropped by the pool; unhandled, the
  // event would end the process.
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PortablePostgresDialect({ pool }) });
  try {
    await migrateExclusively(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    transaction: (work) => retryLostRaces(() => db.transaction().execute(work)),
    close: () => db.destroy(),
  };
}

/**
 * Migrates while holding a session-level advisory lock on a connection of its own: a second node
 * starting at the same moment waits here, then finds the schema current. (Kysely's migrator locks
 * too, but only once its own tables exist; this covers creating them.)
 */
async function migrateExclusively(db: Kysely<Database>): Promise<void> {
  await db.connection().execute(async (locked) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK)})`.execute(locked);
    try {
      const { error } = await new Migrator({ db, provider: migrations }).migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK)})`.execute(locked);
    }
  });
}
