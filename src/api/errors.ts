/**
 * An error answered before any operation runs (authentication, protocol): the AWS code and
 * message; the status comes from the service model or the common query errors.
 */
/**
 * What a code alone does not say, for services that word the shared errors their own way (EC2):
 * a signature that is wrong rather than a bad scope, a clock outside the window, a parameter absent.
 */
export type ProtocolErrorKind = 'wrong-signature' | 'clock-skew' | 'missing-parameter';

export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind?: ProtocolErrorKind,
  ) {
    super(message);
    this.name = code;
  }
}
