/**
 * The authentication errors of AWS query services (IAM, STS, EC2), as values. Each carries the AWS
 * error code and the HTTP status AWS answers with; messages are AWS's own words, byte for byte
 * (trailing spaces included), because clients and people match on them.
 */
export type SigV4ErrorCode =
  | 'IncompleteSignature'
  | 'MissingAuthenticationToken'
  | 'SignatureDoesNotMatch'
  | 'InvalidClientTokenId'
  | 'ExpiredToken';

const HTTP_STATUS: Readonly<Record<SigV4ErrorCode, number>> = {
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  SignatureDoesNotMatch: 403,
  InvalidClientTokenId: 403,
  // STS answers an expired session token with 403, although its API model says 400.
  ExpiredToken: 403,
};

/** What the verifier computed, for a log line or a debugging aid; never part of the wire message. */
export interface SigV4Diagnostics {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

/** Which SignatureDoesNotMatch it is: the signature itself, or the request's time. */
export type SignatureProblem = 'wrong-signature' | 'clock-skew';

export class SigV4Error extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: SigV4ErrorCode,
    message: string,
    readonly diagnostics?: SigV4Diagnostics,
    readonly problem?: SignatureProblem,
  ) {
    super(message);
    this.name = code;
    this.httpStatus = HTTP_STATUS[code];
  }
}

/** The message AWS gives when the signature itself is wrong. */
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** `IncompleteSignature` (400): the signing information is there but malformed or partial. */
export function incompleteSignature(message: string): SigV4Error {
  return new SigV4Error('IncompleteSignature', message);
}

/** `MissingAuthenticationToken` (403): no SigV4 signing information at all. */
export function missingAuthenticationToken(): SigV4Error {
  return new SigV4Error('MissingAuthenticationToken', 'Request is missing Authentication Token');
}

/** `SignatureDoesNotMatch` (403) for a signature that is wrong, in AWS's words. */
export function wrongSignature(diagnostics?: SigV4Diagnostics): SigV4Error {
  return new SigV4Error('SignatureDoesNotMatch', SIGNATURE_MISMATCH_MESSAGE, diagnostics, 'wrong-signature');
}

/** `SignatureDoesNotMatch` (403) with its own message: a bad credential scope, an unsigned Host header. */
export function signatureDoesNotMatch(message: string): SigV4Error {
  return new SigV4Error('SignatureDoesNotMatch', message);
}

/** `SignatureDoesNotMatch` (403) for a request signed too long ago or too far ahead. */
export function signatureOutsideClockWindow(message: string): SigV4Error {
  return new SigV4Error('SignatureDoesNotMatch', message, undefined, 'clock-skew');
}

/** `InvalidClientTokenId` (403): the access key id (or session token) is unknown or inactive. */
export function invalidClientTokenId(): SigV4Error {
  return new SigV4Error('InvalidClientTokenId', 'The security token included in the request is invalid.');
}

/** `ExpiredToken` (403 from STS): the session token has expired. */
export function expiredToken(): SigV4Error {
  return new SigV4Error('ExpiredToken', 'The security token included in the request is expired');
}

/** A value, or the authentication error that stands in its way. */
export type SigV4Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SigV4Error };
