import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * Console passwords: argon2id hashes (OWASP's first recommended configuration: 19 MiB, two passes,
 * one lane), checked in constant time, and AWS-style generated passwords.
 *
 * @node-rs/argon2's async functions run on the libuv thread pool, so hashing never blocks the event
 * loop; the sync variants are deliberately not used anywhere.
 */

// Algorithm.Argon2id (2): the enum is an ambient const enum, which isolatedModules cannot read.
const ARGON2ID = 2;

export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const satisfies Options;

/**
 * The argon2id hash of `password` (a PHC string, `$argon2id$v=19$m=19456,t=2,p=1$…`).
 * @example const stored = await hashPassword(input.Password);
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/**
 * Whether `password` matches `passwordHash`. A malformed hash is a mismatch, never an exception
 * that could carry either value into a log.
 */
export async function verifyPasswordHash(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one real verification and answers false: used when there is no hash to check
 * against (no such user, no login profile), so response times do not reveal which is the case.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64'));
  await verifyPasswordHash(await dummyHash, password);
  return false;
}

/** The symbols IAM's password policy counts: `! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`. */
export const PASSWORD_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

export type CharacterClass = 'uppercase' | 'lowercase' | 'number' | 'symbol';

const CLASS_CHARACTERS: Readonly<Record<CharacterClass, string>> = {
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  number: '0123456789',
  symbol: PASSWORD_SYMBOLS,
};

/** The character classes `password` draws on, in the ISO basic Latin sense IAM uses. */
export function characterClasses(password: string): Set<CharacterClass> {
  const found = new Set<CharacterClass>();
  for (const ch of password) {
    for (const cls of Object.keys(CLASS_CHARACTERS) as CharacterClass[]) {
      if (CLASS_CHARACTERS[cls].includes(ch)) found.add(cls);
    }
  }
  return found;
}

/**
 * A random password like the ones the IAM console generates: at least `minimumLength` characters
 * (20 by default) with an uppercase letter, a lowercase letter, a number and a symbol, so it meets
 * any password policy and AWS's default rules.
 * @example const password = generatePassword(policy.minimumPasswordLength);
 */
export function generatePassword(minimumLength = 0): string {
  const length = Math.min(128, Math.max(20, minimumLength));
  const classes = Object.values(CLASS_CHARACTERS);
  const all = classes.join('');
  const chars = classes.map(pick);
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] as string;
}
