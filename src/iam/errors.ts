/**
 * The IAM and STS errors, as values: each carries the AWS error code; the wire layer finds its HTTP
 * status in the service model and writes the ErrorResponse. Messages follow AWS's wording.
 */
export type IamErrorCode =
  | 'AccessDenied'
  | 'ConcurrentModification'
  | 'DeleteConflict'
  | 'DuplicateCertificate'
  | 'DuplicateSSHPublicKey'
  | 'EntityAlreadyExists'
  | 'EntityTemporarilyUnmodifiable'
  | 'InvalidAuthenticationCode'
  | 'InvalidCertificate'
  | 'InvalidInput'
  | 'InvalidParameterValue'
  | 'InvalidPublicKey'
  | 'InvalidUserType'
  | 'LimitExceeded'
  | 'MalformedCertificate'
  | 'MalformedPolicyDocument'
  | 'NoSuchEntity'
  | 'PasswordPolicyViolation'
  | 'ReportExpired'
  | 'ReportInProgress'
  | 'ReportNotPresent'
  | 'ServiceFailure'
  | 'UnmodifiableEntity'
  | 'UnrecognizedPublicKeyEncoding'
  | 'ValidationError';

export class IamError extends Error {
  constructor(
    readonly code: IamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** `NoSuchEntity` in AWS's words, e.g. "The user with name bob cannot be found." */
export function noSuchEntity(kind: string, name: string): IamError {
  return new IamError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
}

/** `EntityAlreadyExists` in AWS's words, e.g. "User with name bob already exists." */
export function alreadyExists(kind: string, name: string): IamError {
  return new IamError('EntityAlreadyExists', `${kind} with name ${name} already exists.`);
}
