import { randomBytes, randomInt } from 'node:crypto';

/**
 * Access key ids as AWS makes them since 2019: a prefix (`AKIA` long-term, `ASIA` temporary) and 16
 * base32 characters encoding 10 bytes, whose first six hold the owning account id in bits 7–46.
 * That is how STS GetAccessKeyInfo answers for any key, even one it has never stored.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ACCOUNT_MASK = 0x7fffffffff80n;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A new access key id for `accountId` (12 digits). */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA', accountId: string): string {
  const head = (BigInt(accountId) << 7n) | BigInt(randomInt(128));
  const bytes = Buffer.alloc(10);
  bytes.writeUIntBE(Number(head), 0, 6);
  randomBytes(4).copy(bytes, 6);
  return prefix + base32(bytes);
}

/** The 12-digit account id an AWS-style access key id encodes, or undefined if it encodes none. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  const body = accessKeyId.slice(4);
  if (body.length < 10 || !/^[A-Z2-7]+$/.test(body)) return undefined;
  let value = 0n;
  for (const c of body.slice(0, 10)) value = (value << 5n) | BigInt(BASE32.indexOf(c));
  // Ten characters are 50 bits; the account is in the first 48.
  const account = ((value >> 2n) & ACCOUNT_MASK) >> 7n;
  return account.toString().padStart(12, '0');
}
