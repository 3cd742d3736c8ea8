import { randomBytes, randomInt } from 'node:crypto';

/**
 * Identifiers as AWS makes them: a four-letter prefix saying what the entity is, then random
 * upper-case letters and digits (21 characters in all; access keys 20, signing certificates 28).
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
  | 'AKIA' // access key
  | 'ASIA' // temporary access key
  | 'APKA' // SSH public key
  | 'ASCA' // signing certificate
  | 'ACCA'; // service-specific credential

/** How many random characters follow each prefix: access keys are 20 long, certificate ids 28. */
const RANDOM_LENGTH: Readonly<Partial<Record<IdPrefix, number>>> = { AKIA: 16, ASIA: 16, ASCA: 24 };

/** A new unique id, e.g. `AIDA` + 17 random characters. */
export function newId(prefix: IdPrefix): string {
  return prefix + randomText(RANDOM_LENGTH[prefix] ?? 17);
}

/** A 40-character secret access key from 240 random bits. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'x').replace(/\//g, 'Y');
}
