import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';
import type { Store } from './store.js';

/**
 * Opens (creating if needed) the embedded SQLite store at `file` (`:memory:` for a throwaway one),
 * in WAL mode with foreign keys on, and brings its schema up to date.
 *
 * @example const store = await openSqliteStore(join(dataDir, 'iamfa.db'));
 */
export async function openSqliteStore(file: string): Promise<Store> {
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to a client survives power loss, not just a process crash.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  const { error } = await new Migrator({ db, provider: migrations }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return {
    db,
    transaction: (work) => db.transaction().execute(work),
    close: () => db.destroy(),
  };
}
