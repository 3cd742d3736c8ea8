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

/**
 * A SecretBox under a 32-byte key.
 * @example const box = secretBox(randomBytes(32)); box.open(box.seal('s3cret', 'AKIA…'), 'AKIA…');
 */
export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The at-rest encryption key must be 32 bytes.');
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, associatedData) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
        throw new Error('Not a sealed secret.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(associatedData))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
