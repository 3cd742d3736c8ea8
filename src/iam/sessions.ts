import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import { findSessionById, insertSession } from '../store/sessions.js';
import type { Tx } from '../store/store.js';
import { newId, newSecretAccessKey } from './ids.js';

/** STS's `Credentials` structure: temporary credentials, shown once. */
export interface TemporaryCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

/** What the request authenticator needs to know about a session. */
export interface SessionForSigning {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly userId: string;
  readonly userName: string;
  readonly userArn: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly mfaAuthenticatedAt: Date | undefined;
  /** The secret access key, decrypted. Keep it out of logs and errors. */
  readonly secret: string;
  /** SHA-256 of the session token. */
  readonly tokenHash: Buffer;
}

/** A session token's digest: what is stored, and what a presented token is compared by. */
function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Whether `token` is the session's token, compared in constant time. */
export function sessionTokenMatches(session: SessionForSigning, token: string | undefined): boolean {
  return token !== undefined && timingSafeEqual(tokenDigest(token), session.tokenHash);
}

/**
 * Issues temporary credentials for a user, valid `durationSeconds` from `now`: an `ASIA…` key id,
 * a new secret (stored sealed under the key id) and a random 256-bit session token (stored as its
 * SHA-256 only). They are returned here and only here. With `mfaAuthenticatedAt`, requests signed
 * with them carry aws:MultiFactorAuthPresent true and aws:MultiFactorAuthAge.
 */
export async function createSession(
  tx: Tx,
  secrets: SecretBox,
  user: { readonly accountId: string; readonly userId: string },
  now: Date,
  durationSeconds: number,
  /** When the caller proved MFA for this session (GetSessionToken with a valid code). */
  mfaAuthenticatedAt?: Date,
): Promise<TemporaryCredentials> {
  const id = newId('ASIA');
  const secret = newSecretAccessKey();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + durationSeconds * 1000);
  await insertSession(tx, {
    id,
    account_id: user.accountId,
    user_id: user.userId,
    secret: secrets.seal(secret, id),
    token_hash: tokenDigest(token).toString('hex'),
    issued_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    mfa_authenticated_at: mfaAuthenticatedAt?.toISOString() ?? null,
  });
  return { AccessKeyId: id, SecretAccessKey: secret, SessionToken: token, Expiration: expiresAt };
}

/** The session behind a temporary access key id, secret opened, or undefined (the user is gone too). */
export async function findSession(
  tx: Tx,
  secrets: SecretBox,
  accessKeyId: string,
): Promise<SessionForSigning | undefined> {
  const row = await findSessionById(tx, accessKeyId);
  if (!row) return undefined;
  return {
    accessKeyId: row.id,
    accountId: row.account_id,
    userId: row.user_id,
    userName: row.user_name,
    userArn: row.user_arn,
    issuedAt: new Date(row.issued_at),
    expiresAt: new Date(row.expires_at),
    mfaAuthenticatedAt: row.mfa_authenticated_at === null ? undefined : new Date(row.mfa_authenticated_at),
    secret: secrets.open(row.secret, row.id),
    tokenHash: Buffer.from(row.token_hash, 'hex'),
  };
}
