import { timingSafeEqual } from 'node:crypto';
import { addFailure, clearFailures, devicesOfUser, lockFailures } from '../store/mfa-devices.js';
import type { Tx } from '../store/store.js';
import { quotaExceeded } from './account.js';
import { IamError } from './errors.js';
import { ADDRESS_THROTTLE, addressKey, countFailure, waitBeforeAttempt } from './signin-throttle.js';

/**
 * What every MFA code check shares, whatever the device (TOTP, virtual or hardware, or SMS): the
 * limits, the failure counting and lockout per user and per source address, and using a right
 * code up so that it is never accepted twice.
 */

/** At most this many MFA devices per user (AWS's quota), of every kind. */
export const MFA_DEVICES_PER_USER = 8;
/** How far (in 30 s steps) a code may be from the server's clock, plus the device's drift. */
export const CODE_WINDOW = 1;
/** ResyncMFADevice looks this far for two consecutive codes. */
export const RESYNC_WINDOW = 10;
/** Consecutive failures after which a user's codes are refused outright for LOCKOUT_MS. */
export const MAX_FAILURES = 100;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** From this many consecutive failures on, each attempt must wait longer (doubling, up to 60 s). */
export const DELAY_AFTER_FAILURES = 5;
const MAX_DELAY_MS = 60_000;

/**
 * Refuses a ninth device (`LimitExceeded`). Callers hold the user's lock, so two nodes cannot
 * both add the eighth.
 */
export async function checkDeviceQuota(tx: Tx, userId: string): Promise<void> {
  if ((await devicesOfUser(tx, userId)).length >= MFA_DEVICES_PER_USER)
    throw quotaExceeded('MFADevicesPerUser', MFA_DEVICES_PER_USER);
}

/** What a code check came to: the work is done, or the error to answer (the failure is counted). */
export type CodeOutcome = { readonly ok: true } | { readonly ok: false; readonly error: IamError };

/** IAM's answer to wrong codes (EnableMFADevice, ResyncMFADevice, FinalizeSmsMfaRegistration). */
export const INVALID_CODES = 'Authentication code for device is not valid.';
export const LOCKED_MESSAGE =
  'Too many consecutive invalid MFA authentication codes for this user. Try again later.';

/** Compares two codes in time that depends on neither's content. */
export function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** How a right code is used up: TOTP records its time steps, SMS deletes the code it waited for. */
export interface CodeClaim {
  /** Whether the code was accepted before (a replay, counted as a failure). */
  readonly used: () => Promise<boolean>;
  /** Uses the code up; false if a concurrent check (on any node) used it first. */
  readonly use: () => Promise<boolean>;
}

/** Failures of MFA codes from one source address, counted with the console's sign-in failures. */
function mfaAddressKey(sourceIp: string): string {
  return `mfa-${addressKey(sourceIp)}`;
}

/**
 * Whether the user may try a code now: refused for LOCKOUT_MS after MAX_FAILURES consecutive
 * failures, and, from DELAY_AFTER_FAILURES on, until a doubling delay since the last failure passed.
 */
async function attemptRefusal(tx: Tx, userId: string, now: Date): Promise<'locked' | 'wait' | undefined> {
  // Locked: a concurrent check for this user waits for this one's outcome before reading it.
  const failures = await lockFailures(tx, userId);
  if (!failures) return undefined;
  const since = now.getTime() - new Date(failures.last_failure_at).getTime();
  if (failures.count >= MAX_FAILURES) return since < LOCKOUT_MS ? 'locked' : undefined;
  if (failures.count < DELAY_AFTER_FAILURES) return undefined;
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures.count - DELAY_AFTER_FAILURES));
  return since < delay ? 'wait' : undefined;
}

/**
 * The common path of every code check: refusal while locked out or delayed; a wrong (no claim) or
 * replayed code counted as a failure (committed: the outcome is returned, not thrown); on success
 * the code used up (a concurrent use throws, which undoes everything) and the failure count reset.
 */
export async function checkCodes(
  tx: Tx,
  userId: string,
  claim: CodeClaim | undefined,
  now: Date,
  wrong: () => IamError,
  locked: () => IamError,
  sourceIp: string | undefined,
): Promise<CodeOutcome> {
  const refusal = await attemptRefusal(tx, userId, now);
  if (refusal === 'locked') return { ok: false, error: locked() };
  if (refusal === 'wait') return { ok: false, error: wrong() };
  // One address guessing codes for many users is slowed down as one user would be.
  const address = sourceIp === undefined ? undefined : mfaAddressKey(sourceIp);
  if (address !== undefined && (await waitBeforeAttempt(tx, [[address, ADDRESS_THROTTLE]], now)) > 0)
    return { ok: false, error: wrong() };
  if (claim === undefined || (await claim.used())) {
    await addFailure(tx, userId, now);
    if (address !== undefined) await countFailure(tx, [address], now);
    return { ok: false, error: wrong() };
  }
  if (!(await claim.use())) throw wrong();
  await clearFailures(tx, userId);
  return { ok: true };
}
