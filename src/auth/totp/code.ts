import { createHmac, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';

/** The HMAC behind the code: SHA-1 is what authenticator apps use; the others are for RFC 6238. */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface CodeOptions {
  /** Defaults to `'SHA1'`. */
  readonly algorithm?: TotpAlgorithm;
  /** Defaults to 6, what AWS virtual MFA devices show. */
  readonly digits?: 6 | 8;
}

/** Seconds per time step; RFC 6238's X and what every authenticator app assumes. */
export const DEFAULT_PERIOD = 30;

const NODE_HASH: Record<TotpAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

// otpauth does the RFC 4226 counter encoding and dynamic truncation; the HMAC itself is node:crypto's.
function nodeHmac(algorithm: string, key: Uint8Array, message: Uint8Array): Uint8Array {
  const hash = NODE_HASH[algorithm as TotpAlgorithm];
  if (hash === undefined) throw new Error(`Unsupported TOTP algorithm ${algorithm}.`);
  return createHmac(hash, key).update(message).digest();
}

/**
 * The one-time code of `seed` for a time step (RFC 4226 HOTP with the step as the counter).
 * @example code(seed, timeStep(new Date())); // '492039'
 */
export function code(seed: Buffer, step: number, options: CodeOptions = {}): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`Invalid TOTP time step ${step}.`);
  return HOTP.generate({
    // Copy: a Buffer's own ArrayBuffer may be a shared pool larger than the seed.
    secret: new Secret({ buffer: Uint8Array.from(seed).buffer }),
    algorithm: options.algorithm ?? 'SHA1',
    digits: options.digits ?? 6,
    counter: step,
    hmac: nodeHmac,
  });
}

/**
 * The RFC 6238 time step of an instant: floor(Unix seconds / period), T0 = 0.
 * @example timeStep(new Date(59_000)); // 1
 */
export function timeStep(when: Date, period: number = DEFAULT_PERIOD): number {
  const ms = when.getTime();
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('Invalid date for a TOTP time step.');
  if (!Number.isSafeInteger(period) || period <= 0) throw new RangeError(`Invalid TOTP period ${period}.`);
  return Math.floor(ms / (period * 1000));
}

/**
 * The time step within ±`window` steps of `when` whose code equals `code`, or undefined. Callers
 * remember the step to refuse a code used twice. Codes are compared in constant time, every step
 * in the window is checked, and a code of the wrong length never matches.
 * @example matchingStep(seed, '492039', new Date(), 1); // e.g. 58_123_456, or undefined
 */
export function matchingStep(
  seed: Buffer,
  candidate: string,
  when: Date,
  window: number,
  options: CodeOptions = {},
): number | undefined {
  if (!Number.isSafeInteger(window) || window < 0) throw new RangeError(`Invalid TOTP window ${window}.`);
  const now = timeStep(when);
  const given = Buffer.from(candidate, 'utf8');
  let found: number | undefined;
  // Nearest steps first so that, on the rare collision, the step closest to now wins.
  for (const offset of offsets(window)) {
    const step = now + offset;
    if (step < 0) continue;
    const expected = Buffer.from(code(seed, step, options), 'utf8');
    const equal = given.length === expected.length && timingSafeEqual(given, expected);
    if (equal && found === undefined) found = step;
  }
  return found;
}

/** 0, -1, +1, -2, +2, … ±window. */
function offsets(window: number): number[] {
  const result = [0];
  for (let d = 1; d <= window; d++) result.push(-d, d);
  return result;
}
