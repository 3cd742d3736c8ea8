import { setTimeout as sleep } from 'node:timers/promises';

/**
 * PostgreSQL's SQLSTATEs for a transaction that lost a race with another one, not for a mistake
 * of its own: a unique key a concurrent transaction took first (23505); a row referenced, or
 * referring, that a concurrent transaction removed or added (23503: e.g. DeleteUser checked that
 * the user had no access keys while CreateAccessKey added one); a serialization failure (40001);
 * a deadlock (40P01).
 */
const LOST_RACE = new Set(['23505', '23503', '40001', '40P01']);

/** How many times a transaction is run before its last error is let through. */
export const CONFLICT_ATTEMPTS = 5;

/** Whether a driver error says the transaction lost a race (and running it again is the remedy). */
export function lostRace(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  return typeof code === 'string' && LOST_RACE.has(code);
}

/**
 * Runs a transaction, and again (up to CONFLICT_ATTEMPTS times in all, after a short random wait)
 * when it lost a race.
 *
 * Why this and not SERIALIZABLE everywhere: PostgreSQL runs transactions concurrently at READ
 * COMMITTED, where the domain's check-then-act (is the name free? then insert; does the user own
 * nothing? then delete) can pass in two transactions at once. The database's keys already refuse
 * the loser's write; run again, the loser sees the winner's rows and answers what it would have
 * answered had it come second (EntityAlreadyExists for CreateUser, DeleteConflict for
 * DeleteUser), so each such race gets SQLite's serial outcome without serializable isolation's
 * cost: predicate locks, and spurious failures between creations of different names, which would
 * all conflict through the quota's count. Quotas are kept by locking their owner's row instead
 * (`lockUserCredentials`), counters are incremented by the database, and state changes are
 * conditional updates. Deadlocks and serialization failures are retried too. A transaction's work
 * only reads and writes through its transaction, so running it again is safe.
 *
 * @example const user = await retryLostRaces(() => db.transaction().execute(work));
 */
export async function retryLostRaces<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= CONFLICT_ATTEMPTS || !lostRace(error)) throw error;
      // Random, growing waits, so transactions that collided do not collide again in step.
      await sleep(Math.random() * 5 * 2 ** attempt);
    }
  }
}
