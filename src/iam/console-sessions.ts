import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  deleteConsoleSession,
  deleteExpiredConsoleSessions,
  findConsoleSession,
  insertConsoleSession,
  updateConsoleSession,
  type ConsoleSessionWithUser,
} from '../store/console-sessions.js';
import type { ConsoleSessionsTable } from '../store/database.js';
import type { Tx } from '../store/store.js';

/**
 * Web console sessions. The browser holds a random identifier; the store holds only its SHA-256,
 * so neither a database copy nor a log line can be replayed as a session. A session passes through
 * stages: waiting for an MFA code, then for a new password, then active. Its identifier changes at
 * each step forward, so one seen before MFA (on a shared screen, in a fixation attack) is worthless
 * after it.
 */

export type ConsoleStage = ConsoleSessionsTable['stage'];

export interface ConsoleSessionTimeouts {
  /** Ends an active session that made no request for this long. */
  readonly idleMs: number;
  /** Ends any session this long after sign-in, however active. */
  readonly absoluteMs: number;
  /** How long the MFA and new-password steps may take after the password was given. */
  readonly pendingMs: number;
}

/** One hour idle, twelve hours at most (AWS's console session length), five minutes per step. */
export const CONSOLE_SESSION_TIMEOUTS: ConsoleSessionTimeouts = {
  idleMs: 60 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  pendingMs: 5 * 60_000,
};

/** What the browser receives: the identifier (cookie) and the CSRF token it must echo. */
export interface IssuedConsoleSession {
  readonly id: string;
  /** The user signed in. */
  readonly userId: string;
  readonly csrfToken: string;
  readonly stage: ConsoleStage;
}

/** A session as the console API sees it once the cookie was checked. */
export interface ConsoleSession {
  readonly idHash: string;
  readonly accountId: string;
  readonly userId: string;
  readonly userName: string;
  readonly userArn: string;
  readonly stage: ConsoleStage;
  readonly csrfToken: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly mfaAuthenticatedAt: Date | undefined;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a session identifier. */
export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** Whether two tokens are equal, compared in constant time. */
export function tokensMatch(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Starts a session for a user whose password was right, at the stage it still has to pass. */
export async function startConsoleSession(
  tx: Tx,
  user: { readonly accountId: string; readonly userId: string },
  stage: ConsoleStage,
  mfaAuthenticatedAt: Date | undefined,
  sourceIp: string,
  now: Date,
  timeouts: ConsoleSessionTimeouts,
): Promise<IssuedConsoleSession> {
  await deleteExpiredConsoleSessions(tx, now);
  const id = newToken();
  const csrfToken = newToken();
  const at = now.toISOString();
  const lifetime = stage === 'active' ? timeouts.absoluteMs : timeouts.pendingMs;
  await insertConsoleSession(tx, {
    id_hash: sessionIdHash(id),
    account_id: user.accountId,
    user_id: user.userId,
    stage,
    csrf_token: csrfToken,
    issued_at: at,
    last_seen_at: at,
    expires_at: new Date(now.getTime() + lifetime).toISOString(),
    mfa_authenticated_at: mfaAuthenticatedAt?.toISOString() ?? null,
    source_ip: sourceIp,
  });
  return { id, userId: user.userId, csrfToken, stage };
}

function fromRow(row: ConsoleSessionWithUser): ConsoleSession {
  return {
    idHash: row.id_hash,
    accountId: row.account_id,
    userId: row.user_id,
    userName: row.user_name,
    userArn: row.user_arn,
    stage: row.stage,
    csrfToken: row.csrf_token,
    issuedAt: new Date(row.issued_at),
    expiresAt: new Date(row.expires_at),
    mfaAuthenticatedAt: row.mfa_authenticated_at === null ? undefined : new Date(row.mfa_authenticated_at),
  };
}

/**
 * The session this identifier names, if it is still alive at `now`: before its absolute end, and
 * (when active) used within the idle timeout. Each use pushes the idle timeout back. A dead
 * session is deleted.
 */
export async function resolveConsoleSession(
  tx: Tx,
  id: string,
  now: Date,
  timeouts: ConsoleSessionTimeouts,
): Promise<ConsoleSession | undefined> {
  const row = await findConsoleSession(tx, sessionIdHash(id));
  if (!row) return undefined;
  const idle = now.getTime() - Date.parse(row.last_seen_at) >= timeouts.idleMs;
  if (now.getTime() >= Date.parse(row.expires_at) || idle) {
    await deleteConsoleSession(tx, row.id_hash);
    return undefined;
  }
  // To the second: a page firing several requests at once need not write several times.
  if (now.getTime() - Date.parse(row.last_seen_at) >= 1000)
    await updateConsoleSession(tx, row.id_hash, { last_seen_at: now.toISOString() });
  return fromRow(row);
}

/**
 * Moves a session a stage forward under a new identifier and CSRF token. Becoming active starts
 * the absolute timeout and the session's issue time (aws:TokenIssueTime) afresh.
 */
export async function advanceConsoleSession(
  tx: Tx,
  session: ConsoleSession,
  stage: ConsoleStage,
  changes: { readonly mfaAuthenticatedAt?: Date },
  now: Date,
  timeouts: ConsoleSessionTimeouts,
): Promise<IssuedConsoleSession> {
  const id = newToken();
  const csrfToken = newToken();
  const lifetime = stage === 'active' ? timeouts.absoluteMs : timeouts.pendingMs;
  await updateConsoleSession(tx, session.idHash, {
    id_hash: sessionIdHash(id),
    csrf_token: csrfToken,
    stage,
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + lifetime).toISOString(),
    ...(stage === 'active' && { issued_at: now.toISOString() }),
    ...(changes.mfaAuthenticatedAt && { mfa_authenticated_at: changes.mfaAuthenticatedAt.toISOString() }),
  });
  return { id, userId: session.userId, csrfToken, stage };
}

export async function endConsoleSession(tx: Tx, session: ConsoleSession): Promise<void> {
  await deleteConsoleSession(tx, session.idHash);
}
