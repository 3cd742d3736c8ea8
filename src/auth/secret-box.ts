import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of secrets kept at rest: secret access keys,
 * service-specific passwords, TOTP seeds. A sealed value is `v1.<iv>.<tag>.<ciphertext>` in
 * base64url; the associated data binds it to what it belongs to (e.g. the access key id), so a
 * sealed secret copied onto another row does not open.
 */
export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  /** Throws if the value was tampered with, moved, or sealed under another key. */
  open(sealed: string, associatedData: string): string;
}

const VERSION = 'v1';

/** A sealed value that does not open: tampered with, moved to another row, or sealed under another key. */
export class UnsealableSecretError extends Error {
  constructor(message = 'A sealed secret does not open.') {
    super(message);
  }
}

/**
 * A SecretBox under a 32-byte key, or under a keyring: it seals with the first key and opens with
 * whichever key sealed the value, so that secrets sealed under a previous key keep opening while
 * the key is rotated (see key-rotation).
 * @example const box = secretBox(randomBytes(32)); box.open(box.seal('s3cret', 'AKIA…'), 'AKIA…');
 */
export function secretBox(keys: Buffer | readonly Buffer[]): SecretBox {
  const ring = Buffer.isBuffer(keys) ? [keys] : [...keys];
  const current = ring[0];
  if (!current || ring.some((key) => key.length !== 32))
    throw new Error('The at-rest encryption key must be 32 bytes.');
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv).setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, associatedData) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
        throw new UnsealableSecretError('Not a sealed secret.');
      // GCM's tag tells a wrong key at once: try the current key first, then the previous ones.
      for (const key of ring) {
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
            .setAAD(Buffer.from(associatedData))
            .setAuthTag(Buffer.from(tag, 'base64url'));
          return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
            'utf8',
          );
        } catch {
          // Not this key's: try the next.
        }
      }
      throw new UnsealableSecretError();
    },
  };
}
