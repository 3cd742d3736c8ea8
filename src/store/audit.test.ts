import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore } from '../../test/support/store.js';
import { appendAuditRows, scanAuditEvents, type AuditEventRow } from './audit.js';
import type { Store } from './store.js';

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(() => store.close());

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

async function scan(filter: Parameters<typeof scanAuditEvents>[1], pageSize: number): Promise<number[]> {
  const seqs: number[] = [];
  for await (const found of scanAuditEvents(store.db, filter, pageSize)) seqs.push(found.seq);
  return seqs;
}

describe('scanAuditEvents', () => {
  it('walks the whole trail in order, a page at a time, with or without a filter', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(i + 1, i % 2 === 0 ? 'GetUser' : 'ListUsers'));
    await store.transaction((tx) => appendAuditRows(tx, rows, { length: 7, hash: 'h7' }));
    for (const pageSize of [1, 2, 3, 7, 100]) {
      expect(await scan({}, pageSize)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await scan({ eventName: 'GetUser' }, pageSize)).toEqual([1, 3, 5, 7]);
    }
    expect(await scan({ eventName: 'CreateUser' }, 2)).toEqual([]);
  });
});
