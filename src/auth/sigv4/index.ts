/**
 * AWS Signature Version 4 verification for the query services (IAM, STS, EC2): pure functions
 * over a raw request, no I/O. See `verifySignature` for the one-call path and `parseAuthorization`
 * plus `checkSignature` for the two-step one (look the access key up in between).
 */
export { formatAmzDate, parseAmzDate } from './amz-date.js';
export {
  parseAuthorization,
  type AuthorizationOptions,
  type Credential,
  type SigV4Authorization,
} from './authorization.js';
export { canonicalHeaders, canonicalHeaderValue } from './canonical-headers.js';
export { canonicalQuery, parseQuery, type QueryParameter } from './canonical-query.js';
export { canonicalRequest, payloadHash, type CanonicalRequestOptions } from './canonical-request.js';
export { canonicalUri, normalizePath } from './canonical-uri.js';
export { checkClock, DEFAULT_ALLOWED_SKEW_SECONDS } from './clock.js';
export {
  expiredToken,
  incompleteSignature,
  invalidClientTokenId,
  missingAuthenticationToken,
  SIGNATURE_MISMATCH_MESSAGE,
  signatureDoesNotMatch,
  SigV4Error,
  wrongSignature,
  type SigV4Diagnostics,
  type SigV4ErrorCode,
  type SigV4Result,
} from './errors.js';
export type { SigV4Request } from './request.js';
export { sign, signingKey } from './signing-key.js';
export { ALGORITHM, stringToSign } from './string-to-sign.js';
export { percentDecode, uriEncode } from './uri-encoding.js';
export {
  canonicalRequestFor,
  checkSignature,
  verifySignature,
  type SignatureOptions,
  type VerifyOptions,
} from './verify.js';
