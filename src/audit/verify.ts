import { auditHead, scanAuditEvents } from '../store/audit.js';
import type { Tx } from '../store/store.js';
import { chainHash, GENESIS } from './chain.js';

/** What a check of the trail found wrong, at which position. */
export interface ChainProblem {
  readonly seq: number;
  readonly problem: 'edited' | 'missing' | 'truncated';
}

export interface ChainReport {
  readonly events: number;
  readonly ok: boolean;
  readonly problems: readonly ChainProblem[];
}

/**
 * Recomputes the chain from the first event: an edited record no longer has its hash, a deleted
 * one leaves a gap in the positions, and deleting the last ones leaves the chain shorter than its
 * head says.
 */
export async function verifyAuditTrail(tx: Tx): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let previous = GENESIS;
  let expected = 1;
  let events = 0;
  for await (const row of scanAuditEvents(tx, {})) {
    if (row.seq !== expected) problems.push({ seq: expected, problem: 'missing' });
    if (chainHash(previous, row.record) !== row.hash) problems.push({ seq: row.seq, problem: 'edited' });
    previous = row.hash;
    expected = row.seq + 1;
    events++;
  }
  const head = await auditHead(tx);
  if (head.length !== expected - 1 || head.hash !== previous)
    problems.push({ seq: expected, problem: 'truncated' });
  return { events, ok: problems.length === 0, problems };
}
