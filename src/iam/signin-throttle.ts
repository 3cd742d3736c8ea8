import { addSigninFailure, clearSigninFailures, findSigninFailures } from '../store/console-sessions.js';
import type { Tx } from '../store/store.js';

/**
 * Slows console password guessing: consecutive failures are counted per user name (whether or not
 * the user exists, so the delays say nothing about that) and per source address (one address
 * trying many names). Past a few free failures each attempt must wait twice as long as the last,
 * up to a quarter of an hour; a success clears the user's count.
 */

export interface ThrottleRule {
  /** Failures allowed before delays start. */
  readonly free: number;
  readonly maxDelayMs: number;
}

export const USER_THROTTLE: ThrottleRule = { free: 3, maxDelayMs: 15 * 60_000 };
/** An office behind one address has many people mistyping; an address is slowed down later. */
export const ADDRESS_THROTTLE: ThrottleRule = { free: 20, maxDelayMs: 15 * 60_000 };

export function userKey(account: string, userName: string): string {
  return `user:${account.toLowerCase()}/${userName.toLowerCase()}`;
}

export function addressKey(sourceIp: string): string {
  return `ip:${sourceIp}`;
}

/** How long after `count` failures the next attempt must wait, in ms (0: it may go ahead). */
export function delayAfter(count: number, rule: ThrottleRule): number {
  if (count < rule.free) return 0;
  return Math.min(rule.maxDelayMs, 1000 * 2 ** (count - rule.free));
}

/** Milliseconds still to wait before an attempt under any of these keys, 0 if none. */
export async function waitBeforeAttempt(
  tx: Tx,
  keys: readonly (readonly [string, ThrottleRule])[],
  now: Date,
): Promise<number> {
  let wait = 0;
  for (const [key, rule] of keys) {
    const failures = await findSigninFailures(tx, key);
    const delay = failures ? delayAfter(failures.count, rule) : 0;
    // No delay due, no wait: a failure a concurrent request counted after this one's clock was
    // read would otherwise look like one in the future.
    if (!failures || delay === 0) continue;
    wait = Math.max(wait, Date.parse(failures.last_failure_at) + delay - now.getTime());
  }
  return wait;
}

export async function countFailure(tx: Tx, keys: readonly string[], now: Date): Promise<void> {
  for (const key of keys) await addSigninFailure(tx, key, now);
}

export async function clearFailure(tx: Tx, key: string): Promise<void> {
  await clearSigninFailures(tx, key);
}
