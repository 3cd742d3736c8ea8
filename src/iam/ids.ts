import { randomBytes, randomInt } from 'node:crypto';

/**
 * Identifiers as AWS makes them: a four-letter prefix saying what the entity is, then random
 * upper-case letters and digits (21 characters in all; signing certificates 28).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export type IdPrefix =
  | 'AIDA' // user
  | 'AGPA' // group
  | 'ANPA' // managed policy
  | 'AROA' // role
  | 'APKA' // SSH public key
  | 'ASCA' // signing certificate
  | 'ACCA'; // service-specific credential

/** How many random characters follow each prefix: certificate ids are 28 long. (Access key ids: access-key-ids.ts.) */
const RANDOM_LENGTH: Readonly<Partial<Record<IdPrefix, number>>> = { ASCA: 24 };

/** A new unique id, e.g. `AIDA` + 17 random characters. */
export function newId(prefix: IdPrefix): string {
  return prefix + randomText(RANDOM_LENGTH[prefix] ?? 17);
}

/** A 40-character secret access key from 240 random bits. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'x').replace(/\//g, 'Y');
}
