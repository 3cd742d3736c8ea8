import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { insertTestUser, testStore, TEST_ACCOUNT } from '../../test/support/store.js';
import {
  advanceConsoleSession,
  resolveConsoleSession,
  sessionIdHash,
  startConsoleSession,
  type ConsoleSessionTimeouts,
} from './console-sessions.js';

const TIMEOUTS: ConsoleSessionTimeouts = { idleMs: 60_000, absoluteMs: 300_000, pendingMs: 30_000 };
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('console sessions', () => {
  let store: Store;
  let user: { accountId: string; userId: string };
  beforeEach(async () => {
    store = await testStore();
    user = { accountId: TEST_ACCOUNT, userId: (await insertTestUser(store.db, 'alice')).id };
  });
  afterEach(() => store.close());

  it('stores only the hash of the identifier', async () => {
    const issued = await startConsoleSession(store.db, user, 'active', undefined, '127.0.0.1', T0, TIMEOUTS);
    const rows = await store.db.selectFrom('console_sessions').selectAll().execute();
    expect(rows.map((r) => r.id_hash)).toEqual([sessionIdHash(issued.id)]);
    expect(JSON.stringify(rows)).not.toContain(issued.id);
  });

  it('ends after the idle timeout, and each use pushes it back', async () => {
    const { id } = await startConsoleSession(store.db, user, 'active', undefined, '127.0.0.1', T0, TIMEOUTS);
    expect(await resolveConsoleSession(store.db, id, at(50_000), TIMEOUTS)).toBeDefined();
    expect(await resolveConsoleSession(store.db, id, at(100_000), TIMEOUTS)).toBeDefined();
    expect(await resolveConsoleSession(store.db, id, at(160_001), TIMEOUTS)).toBeUndefined();
    // Gone for good: it was deleted.
    expect(await resolveConsoleSession(store.db, id, at(100_000), TIMEOUTS)).toBeUndefined();
  });

  it('ends at the absolute timeout however active', async () => {
    const { id } = await startConsoleSession(store.db, user, 'active', undefined, '127.0.0.1', T0, TIMEOUTS);
    for (let ms = 50_000; ms < 300_000; ms += 50_000)
      expect(await resolveConsoleSession(store.db, id, at(ms), TIMEOUTS)).toBeDefined();
    expect(await resolveConsoleSession(store.db, id, at(300_000), TIMEOUTS)).toBeUndefined();
  });

  it('gives a pending step only a short time, and rotates the identifier when it advances', async () => {
    const pending = await startConsoleSession(store.db, user, 'mfa', undefined, '127.0.0.1', T0, TIMEOUTS);
    expect(await resolveConsoleSession(store.db, pending.id, at(30_000), TIMEOUTS)).toBeUndefined();

    const again = await startConsoleSession(store.db, user, 'mfa', undefined, '127.0.0.1', T0, TIMEOUTS);
    const session = await resolveConsoleSession(store.db, again.id, at(10_000), TIMEOUTS);
    if (!session) throw new Error('expected a session');
    const active = await advanceConsoleSession(
      store.db,
      session,
      'active',
      { mfaAuthenticatedAt: at(10_000) },
      at(10_000),
      TIMEOUTS,
    );
    expect(active.id).not.toBe(again.id);
    expect(active.csrfToken).not.toBe(again.csrfToken);
    expect(await resolveConsoleSession(store.db, again.id, at(11_000), TIMEOUTS)).toBeUndefined();
    const resolved = await resolveConsoleSession(store.db, active.id, at(40_000), TIMEOUTS);
    expect(resolved).toMatchObject({ stage: 'active', mfaAuthenticatedAt: at(10_000), issuedAt: at(10_000) });
  });
});
