/**
 * An error answered before any operation runs (authentication, protocol): the AWS code and
 * message; the status comes from the service model or the common query errors.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
