import { ProtocolError } from '../errors.js';

/**
 * EC2's words for the errors every service shares. Where IAM and STS answer InvalidClientTokenId or
 * SignatureDoesNotMatch, EC2 answers AuthFailure (401); an expired signature or session token is
 * RequestExpired; AccessDenied is UnauthorizedOperation (403), whose message begins "You are not
 * authorized to perform this operation." before the same reason; an internal failure is
 * InternalError. EC2 has no ValidationError: a missing parameter is MissingParameter, any other
 * invalid one InvalidParameterValue.
 */
export function ec2CommonError(error: ProtocolError): ProtocolError {
  switch (error.code) {
    case 'InvalidClientTokenId':
      return authFailure();
    case 'SignatureDoesNotMatch':
      if (error.kind === 'wrong-signature') return authFailure();
      if (error.kind === 'clock-skew') return requestExpired();
      return error;
    case 'ExpiredToken':
      return requestExpired();
    case 'AccessDenied':
      return new ProtocolError(
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. ${error.message}`,
      );
    case 'ValidationError':
      return new ProtocolError(
        error.kind === 'missing-parameter' ? 'MissingParameter' : 'InvalidParameterValue',
        error.message,
      );
    case 'InternalFailure':
      return new ProtocolError('InternalError', 'An internal error has occurred');
    default:
      return error;
  }
}

function authFailure(): ProtocolError {
  return new ProtocolError('AuthFailure', 'AWS was not able to validate the provided access credentials');
}

function requestExpired(): ProtocolError {
  return new ProtocolError('RequestExpired', 'Request has expired.');
}
