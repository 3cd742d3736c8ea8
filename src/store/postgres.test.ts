import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { openStore } from './open.js';
import { openPostgresStore } from './postgres.js';
import { policyGeneration } from './policy-generation.js';
import type { Store } from './store.js';

/** The PostgreSQL store against a real server (a fresh database per test, see .ci/run). */
describe('openPostgresStore', () => {
  let database: TestDatabase;
  const opened: Store[] = [];
  const open = async () => {
    const store = await openPostgresStore(database.url, { poolSize: 4 });
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await database.drop();
  });

  it('creates the schema once when several nodes start together', async () => {
    const [a] = await Promise.all([open(), open(), open()]);
    if (!a) throw new Error('opened');
    const applied = await a.db
      .selectFrom('kysely_migration' as never)
      .select(sql<string>`name`.as('name'))
      .execute();
    expect(applied.map((row) => row.name)).toContain('004_policy_generation');
    expect(new Set(applied.map((row) => row.name)).size).toBe(applied.length);
  });

  it('numbers `seq` columns itself (the schema builder’s autoIncrement, as an identity column)', async () => {
    const store = await open();
    await store.db.insertInto('tags').values({ resource_id: 'r', key: 'a', value: '1' }).execute();
    await store.db.insertInto('tags').values({ resource_id: 'r', key: 'b', value: '2' }).execute();
    const rows = await store.db.selectFrom('tags').select(['seq', 'key']).orderBy('seq').execute();
    expect(rows).toEqual([
      { seq: 1, key: 'a' },
      { seq: 2, key: 'b' },
    ]);
  });

  it('compares and sorts text bytewise, as SQLite does, whatever the database’s locale', async () => {
    const store = await open();
    const { rows } = await sql<{ column_name: string; collation_name: string | null }>`
      select table_name || '.' || column_name as column_name, collation_name from information_schema.columns
      where table_schema = 'public' and data_type = 'text' and table_name not like 'kysely%'`.execute(
      store.db,
    );
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((row) => row.collation_name !== 'C')).toEqual([]);
    const names = ['b', 'B', 'a-b', 'ab', 'a_b', 'A', 'é', 'z', 'a b'];
    await store.db
      .insertInto('tags')
      .values(names.map((value, i) => ({ resource_id: `r${i}`, key: 'k', value })))
      .execute();
    const sorted = await store.db.selectFrom('tags').select('value').orderBy('value').execute();
    expect(sorted.map((row) => row.value)).toEqual([...names].sort());
  });

  it('bumps the policy generation on writes to what policies are made of, seen by another node', async () => {
    const [a, b] = [await open(), await open()];
    const before = await policyGeneration(b.db);
    await a.db
      .insertInto('accounts')
      .values({ id: '123456789012', alias: null, password_policy: null, created_at: 'now' })
      .execute();
    await a.db
      .insertInto('inline_policies')
      .values({ principal_kind: 'user', principal_id: 'u', name: 'p', document: '{}' })
      .execute();
    expect(await policyGeneration(b.db)).toBe(before + 1);
    await a.db.deleteFrom('inline_policies').execute();
    expect(await policyGeneration(b.db)).toBe(before + 2);
  });

  it('runs a transaction that lost a race for a unique key again, which then sees the winner', async () => {
    const store = await open();
    // Each checks that the account is free, then takes it; the first holds its insert a moment.
    const claim = (hold: number) =>
      store.transaction(async (tx) => {
        const found = await tx
          .selectFrom('accounts')
          .select('id')
          .where('id', '=', '111111111111')
          .executeTakeFirst();
        if (found) return 'found';
        await tx
          .insertInto('accounts')
          .values({ id: '111111111111', alias: null, password_policy: null, created_at: 'now' })
          .execute();
        await sql`select pg_sleep(${hold})`.execute(tx);
        return 'created';
      });
    const outcomes = await Promise.all([claim(0.3), claim(0)]);
    expect(outcomes.sort()).toEqual(['created', 'found']);
  });

  it('lets a transaction’s own errors through, after undoing it', async () => {
    const store = await open();
    await expect(
      store.transaction(async (tx) => {
        await tx
          .insertInto('accounts')
          .values({ id: '222222222222', alias: null, password_policy: null, created_at: 'now' })
          .execute();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await store.db.selectFrom('accounts').selectAll().execute()).toEqual([]);
  });

  it('needs a pool of two connections at least', async () => {
    await expect(openPostgresStore(database.url, { poolSize: 1 })).rejects.toThrow(/2 connections/);
  });
});

describe('openStore', () => {
  it('refuses a database URL that is not PostgreSQL’s', async () => {
    await expect(
      openStore({ databaseUrl: 'mysql://localhost/iamfa', sqliteFile: () => Promise.resolve(':memory:') }),
    ).rejects.toThrow(/postgres:\/\//);
  });

  it('opens SQLite when no URL is given', async () => {
    const store = await openStore({ databaseUrl: undefined, sqliteFile: () => Promise.resolve(':memory:') });
    expect(await policyGeneration(store.db)).toBe(0);
    await store.close();
  });
});
