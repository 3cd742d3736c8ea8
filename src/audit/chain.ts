import { createHash } from 'node:crypto';

/**
 * The hash chaining an event to the one before: SHA-256 over the previous hash and the record as
 * stored. Changing a record, or deleting or reordering any, breaks every hash after it.
 */
export function chainHash(previous: string, record: string): string {
  return createHash('sha256').update(previous).update('\n').update(record).digest('hex');
}

/** The hash the first event chains to. */
export const GENESIS = '0'.repeat(64);
