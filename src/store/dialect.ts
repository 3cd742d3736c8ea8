import { PostgresAdapter, type QueryExecutor } from 'kysely';

/** The SQL dialects the store runs on. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Which dialect a query runs against, for the little that differs: triggers in migrations, and row
 * locks (PostgreSQL runs transactions concurrently; SQLite, in one process, one at a time).
 *
 * @example if (dialectOf(db) === 'postgres') await createFunction(db);
 */
export function dialectOf(db: { getExecutor(): QueryExecutor }): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
