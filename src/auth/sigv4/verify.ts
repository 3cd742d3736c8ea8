import { timingSafeEqual } from 'node:crypto';
import { parseAuthorization, type AuthorizationOptions, type SigV4Authorization } from './authorization.js';
import type { QueryParameter } from './canonical-query.js';
import { canonicalRequest } from './canonical-request.js';
import { wrongSignature, type SigV4Result } from './errors.js';
import type { SigV4Request } from './request.js';
import { cachedSigningKey, sign } from './signing-key.js';
import { stringToSign } from './string-to-sign.js';

export interface SignatureOptions {
  /** Normalize the path before encoding it: true for every service but S3 (the default). */
  readonly normalizePath?: boolean;
  /**
   * Accept presigned URLs whose `X-Amz-Security-Token` was appended after signing, as AWS documents
   * for some services (IoT). Off by default: the SDKs sign it for IAM, STS and EC2.
   */
  readonly unsignedQuerySessionToken?: boolean;
}

export type VerifyOptions = AuthorizationOptions & SignatureOptions;

function hexEquals(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // The length of a signature is no secret; only the comparison of equal lengths must be constant-time.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The canonical request for an authorization as read by `parseAuthorization`: a presigned URL's
 * own `X-Amz-Signature` (and, when told, an unsigned `X-Amz-Security-Token`) left out.
 */
export function canonicalRequestFor(
  request: SigV4Request,
  authorization: SigV4Authorization,
  options: SignatureOptions = {},
): string {
  const presigned = authorization.form === 'query';
  const omitQueryParameter = (parameter: QueryParameter): boolean =>
    presigned &&
    (parameter.name === 'X-Amz-Signature' ||
      (options.unsignedQuerySessionToken === true && parameter.name === 'X-Amz-Security-Token'));
  return canonicalRequest(request, authorization.signedHeaders, {
    normalizePath: options.normalizePath ?? true,
    omitQueryParameter,
  });
}

/**
 * Checks the signature of a request whose authorization `parseAuthorization` has already read, once
 * the caller has found the secret key of `credential.accessKeyId`. On a mismatch the error carries
 * the canonical request and string to sign that were computed (for logs, never for the client).
 * @example
 * const parsed = parseAuthorization(request, { now, service: 'iam' });
 * if (parsed.ok) checkSignature(request, parsed.value, secretOf(parsed.value.credential.accessKeyId));
 */
export function checkSignature(
  request: SigV4Request,
  authorization: SigV4Authorization,
  secretAccessKey: string,
  options: SignatureOptions = {},
): SigV4Result<SigV4Authorization> {
  const canonical = canonicalRequestFor(request, authorization, options);
  const toSign = stringToSign(authorization.timestamp, authorization.credentialScope, canonical);
  const { date, region, service } = authorization.credential;
  const expected = sign(cachedSigningKey(secretAccessKey, date, region, service), toSign);
  if (!hexEquals(expected, authorization.signature)) {
    return {
      ok: false,
      error: wrongSignature({ canonicalRequest: canonical, stringToSign: toSign }),
    };
  }
  return { ok: true, value: authorization };
}

/**
 * Verifies a SigV4-signed request end to end against the secret key it claims: shape, clock
 * (±15 minutes of `now`), credential scope, then the signature, compared in constant time.
 * The caller still checks that the access key is known and active (`invalidClientTokenId`), and
 * validates any `sessionToken` returned.
 * @example
 * const result = verifySignature(request, secret, new Date(), { service: 'sts' });
 * if (!result.ok) return reply(result.error.httpStatus, result.error.code, result.error.message);
 */
export function verifySignature(
  request: SigV4Request,
  secretAccessKey: string,
  now: Date,
  options: VerifyOptions = {},
): SigV4Result<SigV4Authorization> {
  const parsed = parseAuthorization(request, { ...options, now });
  return parsed.ok ? checkSignature(request, parsed.value, secretAccessKey, options) : parsed;
}
