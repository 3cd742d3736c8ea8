import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests use: local, user postgres, trust authentication (see .ci/run). */
export const TEST_POSTGRES = process.env.IAMFA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** Which backend test servers run on: `IAMFA_TEST_DATABASE=postgres` (a vitest project sets it), else SQLite. */
export function testBackend(): 'sqlite' | 'postgres' {
  return process.env.IAMFA_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestDatabase {
  /** The database's URL, for `serve({ databaseUrl })` or `openPostgresStore`. */
  readonly url: string;
  /** Drops the database (closing any connection still open to it). */
  drop(): Promise<void>;
}

/** Runs statements on the server's maintenance database (creating and dropping databases). */
async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${TEST_POSTGRES}/postgres` });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL for the tests at ${TEST_POSTGRES} (user postgres, trust): start one with .ci/postgres, ` +
        `or point IAMFA_TEST_POSTGRES_URL at one. (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty PostgreSQL database `iamfa_test_<random>`, so test servers share nothing. Bytewise
 * collation and ASCII-only case folding (C), as SQLite compares and lower-cases text.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `iamfa_test_${randomBytes(6).toString('hex')}`;
  await onServer(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  return {
    url: `${TEST_POSTGRES}/${name}`,
    drop: () => onServer(`drop database if exists ${name} with (force)`),
  };
}
