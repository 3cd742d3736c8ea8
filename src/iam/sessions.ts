import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import { findRoleSessionById, insertRoleSession } from '../store/roles.js';
import { findSessionById, insertSession } from '../store/sessions.js';
import type { Tx } from '../store/store.js';
import { newAccessKeyId } from './access-key-ids.js';
import { newSecretAccessKey } from './ids.js';

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
export function sessionTokenMatches(
  session: { readonly tokenHash: Buffer },
  token: string | undefined,
): boolean {
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
  const id = newAccessKeyId('ASIA', user.accountId);
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

/** A new role session: who assumes the role, what for, and how it is narrowed. */
export interface NewRoleSession {
  readonly accountId: string;
  readonly roleId: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly mfaAuthenticatedAt?: Date | undefined;
  /** AssumeRole's `Policy`, validated as a session policy. */
  readonly sessionPolicy?: string | undefined;
  /** AssumeRole's `PolicyArns`. */
  readonly sessionPolicyArns?: readonly string[] | undefined;
}

/**
 * Issues temporary credentials that act as a role (STS AssumeRole), stored as GetSessionToken's
 * are: the secret sealed under the key id, the token as its SHA-256 only.
 */
export async function createRoleSession(
  tx: Tx,
  secrets: SecretBox,
  input: NewRoleSession,
  now: Date,
): Promise<TemporaryCredentials> {
  const id = newAccessKeyId('ASIA', input.accountId);
  const secret = newSecretAccessKey();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + input.durationSeconds * 1000);
  const arns = input.sessionPolicyArns ?? [];
  await insertRoleSession(tx, {
    id,
    account_id: input.accountId,
    role_id: input.roleId,
    session_name: input.sessionName,
    secret: secrets.seal(secret, id),
    token_hash: tokenDigest(token).toString('hex'),
    issued_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    mfa_authenticated_at: input.mfaAuthenticatedAt?.toISOString() ?? null,
    session_policy: input.sessionPolicy ?? null,
    session_policy_arns: arns.length === 0 ? null : JSON.stringify(arns),
  });
  return { AccessKeyId: id, SecretAccessKey: secret, SessionToken: token, Expiration: expiresAt };
}

/** What the request authenticator needs to know about a role session. */
export interface RoleSessionForSigning {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly mfaAuthenticatedAt: Date | undefined;
  readonly sessionPolicy: string | null;
  readonly sessionPolicyArns: readonly string[];
  /** The secret access key, decrypted. Keep it out of logs and errors. */
  readonly secret: string;
  readonly tokenHash: Buffer;
}

/** The role session behind a temporary access key id, secret opened, or undefined (the role is gone too). */
export async function findRoleSession(
  tx: Tx,
  secrets: SecretBox,
  accessKeyId: string,
): Promise<RoleSessionForSigning | undefined> {
  const row = await findRoleSessionById(tx, accessKeyId);
  if (!row) return undefined;
  return {
    accessKeyId: row.id,
    accountId: row.account_id,
    roleId: row.role_id,
    roleName: row.role_name,
    roleArn: row.role_arn,
    sessionName: row.session_name,
    issuedAt: new Date(row.issued_at),
    expiresAt: new Date(row.expires_at),
    mfaAuthenticatedAt: row.mfa_authenticated_at === null ? undefined : new Date(row.mfa_authenticated_at),
    sessionPolicy: row.session_policy,
    sessionPolicyArns:
      row.session_policy_arns === null ? [] : (JSON.parse(row.session_policy_arns) as string[]),
    secret: secrets.open(row.secret, row.id),
    tokenHash: Buffer.from(row.token_hash, 'hex'),
  };
}

/** The assumed-role ARN of a role session: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (no path). */
export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}
