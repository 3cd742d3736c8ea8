import { Secret } from 'otpauth';

/**
 * RFC 4648 Base32 of a seed, upper case and without `=` padding: what authenticator apps accept
 * and what AWS returns as `Base32StringSeed`.
 * @example base32(Buffer.from('foobar')); // 'MZXW6YTBOI'
 */
export function base32(seed: Buffer): string {
  return new Secret({ buffer: Uint8Array.from(seed).buffer }).base32;
}

export interface OtpauthUriInput {
  readonly seed: Buffer;
  /** AWS's label is `NAME@ACCOUNT`: the device (or user) name and the account id or alias. */
  readonly label: string;
  readonly issuer: string;
}

/**
 * The Key URI an authenticator app enrols from, in AWS's form:
 * `otpauth://totp/LABEL?secret=BASE32&issuer=ISSUER` (SHA-1, 6 digits, 30 s implied).
 * @example otpauthUri({ seed, label: 'alice@123456789012', issuer: 'iamfa' });
 */
export function otpauthUri({ seed, label, issuer }: OtpauthUriInput): string {
  // encodeURIComponent, not URLSearchParams: apps show a '+' for a space literally. '@' is legal
  // in a path segment and AWS leaves it readable.
  const path = encodeURIComponent(label).replaceAll('%40', '@');
  return `otpauth://totp/${path}?secret=${base32(seed)}&issuer=${encodeURIComponent(issuer)}`;
}
