import type { Selectable } from 'kysely';
import type { AuditEventsTable } from './database.js';
import type { Tx } from './store.js';

export type AuditEventRow = Selectable<AuditEventsTable>;

export interface AuditHead {
  readonly length: number;
  readonly hash: string;
}

/**
 * The chain's head, locked for this transaction: the no-op update takes PostgreSQL's row lock (and
 * SQLite's write lock), so appenders on every node take turns. It returns the head it locked (both
 * databases support RETURNING), which saves a round trip per batch.
 */
export function lockAuditHead(tx: Tx): Promise<AuditHead> {
  return tx
    .updateTable('audit_head')
    .set((eb) => ({ length: eb.ref('length') }))
    .where('id', '=', 1)
    .returning(['length', 'hash'])
    .executeTakeFirstOrThrow();
}

/**
 * Appends events (their seq and hash already computed) and moves the head past them. One insert a
 * row: the statement's text is then always the same, and prepared once.
 */
export async function appendAuditRows(
  tx: Tx,
  rows: readonly AuditEventRow[],
  head: AuditHead,
): Promise<void> {
  if (rows.length === 0) return;
  for (const row of rows) await tx.insertInto('audit_events').values(row).execute();
  await tx
    .updateTable('audit_head')
    .set({ length: head.length, hash: head.hash })
    .where('id', '=', 1)
    .execute();
}

/** The head as stored, without locking it. */
export function auditHead(tx: Tx): Promise<AuditHead> {
  return tx.selectFrom('audit_head').select(['length', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}

export interface AuditFilter {
  /** Only this account's events. */
  readonly accountId?: string | undefined;
  /** The newest first (with `limit`: the latest ones). */
  readonly newestFirst?: boolean | undefined;
  /** ISO 8601 bounds on event time, inclusive. */
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly principalArn?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly eventName?: string | undefined;
  readonly eventSource?: string | undefined;
  readonly errorsOnly?: boolean | undefined;
  /** Events after this position in the chain. */
  readonly afterSeq?: number | undefined;
  readonly limit?: number | undefined;
}

/**
 * Every event matching the filter, oldest first, read a page at a time: a trail of any length is
 * walked in bounded memory.
 */
export async function* scanAuditEvents(
  tx: Tx,
  filter: Omit<AuditFilter, 'newestFirst' | 'afterSeq' | 'limit'>,
  pageSize = 1000,
): AsyncGenerator<AuditEventRow> {
  for (let after = 0; ;) {
    const rows = await findAuditEvents(tx, { ...filter, afterSeq: after, limit: pageSize });
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = last.seq;
  }
}

/** Events matching the filter, in chain order. */
export function findAuditEvents(tx: Tx, filter: AuditFilter): Promise<AuditEventRow[]> {
  let query = tx
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '>', filter.afterSeq ?? 0);
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
  if (filter.since !== undefined) query = query.where('event_time', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('event_time', '<=', filter.until);
  if (filter.principalArn !== undefined) query = query.where('principal_arn', '=', filter.principalArn);
  if (filter.accessKeyId !== undefined) query = query.where('access_key_id', '=', filter.accessKeyId);
  if (filter.eventName !== undefined) query = query.where('event_name', '=', filter.eventName);
  if (filter.eventSource !== undefined) query = query.where('event_source', '=', filter.eventSource);
  if (filter.errorsOnly) query = query.where('error_code', 'is not', null);
  query = query.orderBy('seq', filter.newestFirst ? 'desc' : 'asc');
  return filter.limit === undefined ? query.execute() : query.limit(filter.limit).execute();
}
