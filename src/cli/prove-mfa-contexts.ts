import { requestContext, type ContextPrincipal } from '../auth/request-context.js';
import type { RequestContext } from '../policy/index.js';
import type { CredentialKind } from '../policy/prove/index.js';

/**
 * The request context of each credential kind, built by the function the server builds it with,
 * so the proof evaluates exactly what enforcement would see.
 */

/** How long ago the MFA code was checked in an MFA session: a fresh sign-in. */
const MFA_AGE_MS = 60_000;

/** The keys the caller cannot choose: facts about the principal and its session. */
const PRINCIPAL_KEYS = [
  'aws:username',
  'aws:userid',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:tokenissuetime',
];

/** The fixed keys for a principal; its tags only when they are known (a stored user's). */
export function fixedKeys(tagsKnown: boolean): string[] {
  return tagsKnown ? [...PRINCIPAL_KEYS, 'aws:principaltag/'] : PRINCIPAL_KEYS;
}

/**
 * The contexts of a request by long-term access keys (no MFA keys), by a session without MFA, and
 * by a session with MFA checked a minute ago. Source address, transport and the like are the
 * caller's choice; the proof varies them where a condition reads them.
 */
export function credentialContexts(
  principal: ContextPrincipal,
  region: string,
  now: Date,
): Record<CredentialKind, RequestContext> {
  const facts = {
    now,
    sourceIp: '203.0.113.10',
    secureTransport: true,
    userAgent: 'iamfa-prove-mfa',
    requestedRegion: region,
  };
  const issuedAt = new Date(now.getTime() - MFA_AGE_MS);
  return {
    absent: requestContext({ ...principal, session: undefined }, facts),
    false: requestContext({ ...principal, session: { issuedAt } }, facts),
    true: requestContext({ ...principal, session: { issuedAt, mfaAuthenticatedAt: issuedAt } }, facts),
  };
}
