import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEvent } from '../../audit/event.js';
import type { SecretBox } from '../../auth/secret-box.js';
import {
  resolveConsoleSession,
  tokensMatch,
  type ConsoleSession,
  type ConsoleSessionTimeouts,
  type IssuedConsoleSession,
} from '../../iam/console-sessions.js';
import type { SmsSender } from '../../sms/sender.js';
import type { Store } from '../../store/store.js';
import type { Dispatcher, QueryDependencies } from '../query-service.js';
import type { WireRequest } from '../wire.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, parseCookies, serializeCookie } from './cookies.js';
import type { ConsoleFiles } from './static-files.js';

/** What the console's routes are built from. */
export interface ConsoleOptions {
  readonly store: Store;
  readonly secrets: SecretBox;
  /** Where sign-in codes for SMS MFA devices are texted. */
  readonly sms: SmsSender;
  /** The same dispatcher as the query endpoint's: console calls are decoded, authorized and run by it. */
  readonly dispatcher: Dispatcher;
  /** The built front end, or undefined when it was not built (pages then say so). */
  readonly files: ConsoleFiles | undefined;
  readonly timeouts: ConsoleSessionTimeouts;
  readonly onError?: (error: unknown, context: { requestId: string; action: string }) => void;
  /** The query endpoint's authorizer, for what the console offers beyond AWS operations (event history). */
  readonly authorize?: QueryDependencies['authorize'];
  /** Records console sign-ins in the audit trail (calls are recorded by the dispatcher). */
  readonly audit?: (event: Omit<AuditEvent, 'eventID'>) => Promise<void>;
}

/** A console API error answer. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/** The form fields of a request's body (the console posts `application/x-www-form-urlencoded`). */
export function formOf(request: FastifyRequest): URLSearchParams {
  return new URLSearchParams(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
}

function cookiesOf(request: FastifyRequest): Map<string, string> {
  return parseCookies(request.headers.cookie);
}

function secure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The session the request's cookie names, alive now, or undefined. */
export async function sessionOf(
  options: ConsoleOptions,
  request: FastifyRequest,
): Promise<ConsoleSession | undefined> {
  const id = cookiesOf(request).get(SESSION_COOKIE);
  if (!id) return undefined;
  return options.store.transaction((tx) => resolveConsoleSession(tx, id, new Date(), options.timeouts));
}

/** The CSRF refusal of a console POST (403 InvalidCsrfToken). */
export function refuseCsrf(reply: FastifyReply) {
  return sendError(
    reply,
    403,
    'InvalidCsrfToken',
    'The request did not carry a valid CSRF token. Reload the page and try again.',
  );
}

/**
 * The session a state-changing request acts for, checked as every console POST is: the CSRF token
 * (else 403 InvalidCsrfToken), a session (else 401 NotSignedIn) that `allows` the request. A
 * sign-in step's route refuses a session past that step as ended (401 NotSignedIn); any other
 * route refuses a session still signing in (403 SignInIncomplete). Undefined once refused.
 */
export async function postingSession(
  options: ConsoleOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  allows: (session: ConsoleSession) => boolean,
  otherwise: 'incomplete' | 'ended' = 'incomplete',
): Promise<ConsoleSession | undefined> {
  const session = await sessionOf(options, request);
  if (!csrfValid(request, session)) refuseCsrf(reply);
  else if (session && allows(session)) return session;
  else if (!session || otherwise === 'ended')
    sendError(reply, 401, 'NotSignedIn', 'Your session has ended. Sign in again.');
  else sendError(reply, 403, 'SignInIncomplete', 'Finish signing in first.');
  return undefined;
}

/** Whether a session has finished signing in. */
export const signedIn = (session: ConsoleSession): boolean => session.stage === 'active';

/**
 * Whether a state-changing request carries the CSRF token: the header must equal the CSRF cookie
 * (which only this origin's script can read), and with a session, the session's own token.
 */
export function csrfValid(request: FastifyRequest, session: ConsoleSession | undefined): boolean {
  const header = request.headers[CSRF_HEADER];
  const cookie = cookiesOf(request).get(CSRF_COOKIE);
  if (typeof header !== 'string' || !header || !cookie || !tokensMatch(header, cookie)) return false;
  return session === undefined || tokensMatch(header, session.csrfToken);
}

/** The CSRF token the page should use before signing in: the cookie's, or a new one set now. */
export function preSessionCsrf(request: FastifyRequest, reply: FastifyReply): string {
  const existing = cookiesOf(request).get(CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,100}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.header(
    'set-cookie',
    serializeCookie(CSRF_COOKIE, token, { httpOnly: false, secure: secure(request) }),
  );
  return token;
}

/** Hands a (new or rotated) session to the browser: its cookie, and its CSRF token. */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  issued: IssuedConsoleSession,
) {
  const isSecure = secure(request);
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, issued.id, { httpOnly: true, secure: isSecure }),
    serializeCookie(CSRF_COOKIE, issued.csrfToken, { httpOnly: false, secure: isSecure }),
  ]);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: secure(request), clear: true }),
  );
}

/**
 * The request as the dispatcher sees it: where it came from and over what, for the request
 * context. No body: the console's form may hold passwords, and the operation has its parameters.
 */
export function wireOf(request: FastifyRequest): WireRequest {
  return {
    method: request.method,
    path: request.url,
    query: '',
    headers: request.raw.headersDistinct,
    body: Buffer.alloc(0),
    sourceIp: request.ip,
    secure: secure(request),
  };
}

export function newRequestId(): string {
  return randomUUID();
}
