/**
 * The AWS query protocol (IAM, STS), driven by the services' models: requests in, validated as AWS
 * validates them; responses and errors out, as AWS writes them.
 */
export {
  loadModel,
  shapeOf,
  type ServiceModel,
  type ServiceName,
  type ServiceMetadata,
  type OperationModel,
  type Shape,
  type MemberRef,
} from './model.js';
export { decodeInput, type DecodeResult, type DecodeError, type DecodeErrorCode } from './decode.js';
export { validationMessage } from './validate.js';
export { encodeOutput } from './encode.js';
export { encodeError, errorStatus, type QueryError } from './errors.js';
