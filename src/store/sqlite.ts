import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type SqliteDialectConfig } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';
import type { Store } from './store.js';

/** Prepared statements kept per SQL text: the query layer asks for one on every call. */
const STATEMENT_CACHE_LIMIT = 1000;

/**
 * The connection as Kysely sees it, preparing each distinct SQL text once: better-sqlite3's
 * statements are reusable, and preparing was most of the database time of a request.
 */
function withStatementCache(connection: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => connection.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

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
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
  });
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
