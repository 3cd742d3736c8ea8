import { randomBytes } from 'node:crypto';

/** Bytes in a new seed: 160 bits, the HMAC-SHA1 block RFC 4226 recommends and AWS issues. */
export const SEED_BYTES = 20;

/**
 * A fresh TOTP seed from the CSPRNG.
 * @example const seed = newSeed(); // 20 random bytes
 */
export function newSeed(): Buffer {
  return randomBytes(SEED_BYTES);
}
