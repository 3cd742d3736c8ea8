import { randomUUID } from 'node:crypto';
import { appendAuditRows, lockAuditHead, type AuditEventRow } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { chainHash } from './chain.js';
import type { AuditEvent } from './event.js';

/** How long an event may wait for others to share its commit. */
const BATCH_WINDOW_MS = 20;

/**
 * Appends events to the hash-chained trail with group commit: events arriving together are written
 * in one transaction, so recording every request costs one fsync per batch, not per request.
 * `record` resolves once the event is durable; callers that change state wait for it, readers need
 * not (a crash may then lose the last batch's read events, never a write's).
 */
export class AuditLog {
  private pending: { row: Omit<AuditEventRow, 'seq' | 'hash'>; done: (error?: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Queues an event for the next commit. */
  record(event: Omit<AuditEvent, 'eventID'>): Promise<void> {
    const full: AuditEvent = { ...event, eventID: randomUUID() };
    const row = {
      event_time: full.eventTime,
      account_id: full.userIdentity.accountId ?? full.recipientAccountId ?? null,
      event_source: full.eventSource,
      event_name: full.eventName,
      principal_arn: full.userIdentity.arn ?? null,
      access_key_id: full.userIdentity.accessKeyId ?? null,
      error_code: full.errorCode ?? null,
      record: JSON.stringify(full),
    };
    return new Promise((resolve, reject) => {
      this.pending.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.timer ??= setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
    });
  }

  /** Writes what is queued (after any write in progress). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.flushing = this.store
      .transaction(async (tx) => {
        let head = await lockAuditHead(tx);
        const rows: AuditEventRow[] = batch.map(({ row }) => {
          const hash = chainHash(head.hash, row.record);
          head = { length: head.length + 1, hash };
          return { ...row, seq: head.length, hash };
        });
        await appendAuditRows(tx, rows, head);
      })
      .then(
        () => batch.forEach(({ done }) => done()),
        (error: unknown) => {
          this.onError(error);
          batch.forEach(({ done }) => done(error));
        },
      )
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  /** Writes everything still queued; for shutdown. */
  async close(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) await this.flush();
  }
}
