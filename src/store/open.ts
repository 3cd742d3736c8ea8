import { openPostgresStore, type PostgresStoreOptions } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** Whether a database URL names a PostgreSQL server. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url);
}

/**
 * Opens the store a node is configured with: PostgreSQL when a `postgres://` URL is given (many
 * nodes can share it), otherwise the embedded SQLite file (one node).
 *
 * @example const store = await openStore({ databaseUrl: process.env.IAMFA_DATABASE_URL, sqliteFile });
 */
export async function openStore(
  where: { readonly databaseUrl: string | undefined; readonly sqliteFile: () => Promise<string> },
  options: PostgresStoreOptions = {},
): Promise<Store> {
  if (where.databaseUrl === undefined) return openSqliteStore(await where.sqliteFile());
  if (!isPostgresUrl(where.databaseUrl))
    throw new Error('The database URL must start with postgres:// (or postgresql://).');
  return openPostgresStore(where.databaseUrl, options);
}
