import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { testStore } from '../../test/support/store.js';
import { appendAuditRows, auditHead, scanAuditEvents, type AuditEventRow } from './audit.js';
import { openPostgresStore } from './postgres.js';
import type { Store } from './store.js';

/** The audit rows on both backends. */
const backends: Record<string, () => Promise<{ store: Store; drop?: TestDatabase['drop'] }>> = {
  sqlite: async () => ({ store: await testStore() }),
  postgres: async () => {
    const database = await createTestDatabase();
    return { store: await openPostgresStore(database.url, { poolSize: 2 }), drop: database.drop };
  },
};

function row(seq: number, eventName: string): AuditEventRow {
  return {
    seq,
    event_time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    account_id: '123456789012',
    event_source: 'iam.amazonaws.com',
    event_name: eventName,
    principal_arn: null,
    access_key_id: null,
    error_code: null,
    record: `{"seq":${seq}}`,
    hash: `h${seq}`,
  };
}

describe.each(Object.keys(backends))('audit rows on %s', (backend) => {
  let opened: { store: Store; drop?: TestDatabase['drop'] } | undefined;
  afterEach(async () => {
    await opened?.store.close();
    await opened?.drop?.();
  });

  async function scan(filter: Parameters<typeof scanAuditEvents>[1], pageSize: number): Promise<number[]> {
    const seqs: number[] = [];
    for await (const found of scanAuditEvents(opened?.store.db as Store['db'], filter, pageSize))
      seqs.push(found.seq);
    return seqs;
  }

  it('appends a large batch in order, and scans it a page at a time, filtered or not', async () => {
    opened = await backends[backend]?.();
    const store = opened?.store as Store;
    const rows = Array.from({ length: 7001 }, (_, i) => row(i + 1, i % 2 === 0 ? 'GetUser' : 'ListUsers'));
    await store.transaction((tx) => appendAuditRows(tx, rows, { length: 7001, hash: 'h7001' }));
    expect(await auditHead(store.db)).toEqual({ length: 7001, hash: 'h7001' });
    const all = rows.map((r) => r.seq);
    for (const pageSize of [333, 1000, 10_000]) {
      expect(await scan({}, pageSize)).toEqual(all);
      expect(await scan({ eventName: 'GetUser' }, pageSize)).toEqual(all.filter((seq) => seq % 2 === 1));
    }
    expect(await scan({ eventName: 'CreateUser' }, 2)).toEqual([]);
  });
});
