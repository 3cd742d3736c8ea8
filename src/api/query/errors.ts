import type { ServiceModel } from './model.js';
import { element, text, writeXml } from './xml.js';

/**
 * Error responses of the AWS query protocol, as IAM and STS write them:
 *
 *   <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <Error>
 *       <Type>Sender</Type>
 *       <Code>NoSuchEntity</Code>
 *       <Message>The user with name bob cannot be found.</Message>
 *     </Error>
 *     <RequestId>…</RequestId>
 *   </ErrorResponse>
 *
 * and their HTTP statuses: the model's for the service's own errors, AWS's documented ones for the
 * errors every query service shares.
 *
 * EC2 writes its errors in its own envelope, without a Type, and answers 400 for every client error
 * but a few:
 *
 *   <Response>
 *     <Errors>
 *       <Error>
 *         <Code>InvalidInstanceID.NotFound</Code>
 *         <Message>The instance ID 'i-0123456789abcdef0' does not exist</Message>
 *       </Error>
 *     </Errors>
 *     <RequestID>…</RequestID>
 *   </Response>
 */

export interface QueryError {
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
  /** Whether the caller is at fault (`Sender`) or the service (`Receiver`); by default, from the status. */
  readonly sender?: boolean;
}

/** The common errors of AWS query services (IAM and STS "Common Errors"), which no model lists. */
const COMMON_STATUS: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  ExpiredToken: 403,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidParameterCombination: 400,
  InvalidParameterValue: 400,
  InvalidQueryParameter: 400,
  MalformedQueryString: 404,
  MissingAction: 400,
  MissingAuthenticationToken: 403,
  MissingParameter: 400,
  OptInRequired: 403,
  RequestExpired: 400,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 403,
  Throttling: 400,
  ValidationError: 400,
};

/** EC2's statuses other than 400 (its API Reference, "Error codes"; observed for the 4xx ones). */
const EC2_STATUS: Readonly<Record<string, number>> = {
  AuthFailure: 401,
  UnauthorizedOperation: 403,
  DryRunOperation: 412,
  InternalError: 500,
  InternalFailure: 500,
  RequestLimitExceeded: 503,
  ServiceUnavailable: 503,
  Unavailable: 503,
};

const modelStatuses = new WeakMap<ServiceModel, ReadonlyMap<string, number>>();

/**
 * The HTTP status AWS answers an error code with: the model's error shapes first (EntityAlreadyExists
 * 409, NoSuchEntity 404, …), then the common errors; 400 for a code neither knows.
 * @example errorStatus(loadModel('iam'), 'NoSuchEntity'); // 404
 */
export function errorStatus(model: ServiceModel, code: string): number {
  if (model.metadata.protocol === 'ec2')
    return (Object.hasOwn(EC2_STATUS, code) ? EC2_STATUS[code] : undefined) ?? 400;
  let statuses = modelStatuses.get(model);
  if (!statuses) {
    const map = new Map<string, number>();
    for (const shape of Object.values(model.shapes))
      if (shape.type === 'structure' && shape.error) map.set(shape.error.code, shape.error.httpStatusCode);
    modelStatuses.set(model, map);
    statuses = map;
  }
  return statuses.get(code) ?? (Object.hasOwn(COMMON_STATUS, code) ? COMMON_STATUS[code] : undefined) ?? 400;
}

/**
 * The XML body of an error response; `Type` is `Sender` for a 4xx status and `Receiver` for a 5xx.
 * @example encodeError(loadModel('iam'), { code: 'NoSuchEntity', message: 'The user with name bob cannot be found.', requestId });
 */
export function encodeError(model: ServiceModel, error: QueryError): string {
  if (model.metadata.protocol === 'ec2')
    return writeXml(
      element('Response', [
        element('Errors', [element('Error', [text('Code', error.code), text('Message', error.message)])]),
        text('RequestID', error.requestId),
      ]),
    );
  const sender = error.sender ?? errorStatus(model, error.code) < 500;
  return writeXml(
    element(
      'ErrorResponse',
      [
        element('Error', [
          text('Type', sender ? 'Sender' : 'Receiver'),
          text('Code', error.code),
          text('Message', error.message),
        ]),
        text('RequestId', error.requestId),
      ],
      { xmlns: model.metadata.xmlNamespace },
    ),
  );
}
