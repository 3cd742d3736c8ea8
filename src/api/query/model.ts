import ec2 from '../models/ec2.json' with { type: 'json' };
import iamSmsMfa from '../models/iam-sms-mfa.json' with { type: 'json' };
import iam from '../models/iam.json' with { type: 'json' };
import sts from '../models/sts.json' with { type: 'json' };

/**
 * The AWS service models the query codec is driven by: botocore's models (Apache-2.0) with the
 * documentation stripped, generated into `src/api/models/*.json` by `scripts/extract-models.ts`.
 * Shape and member names are botocore's (`userNameType`, `policyDocumentType`, …).
 */

/** The services whose models iamfa carries. */
export type ServiceName = 'iam' | 'sts' | 'ec2';

/** How a member refers to its shape, and how it is named on the wire. */
export interface MemberRef {
  readonly shape: string;
  /** The element name in XML (and, for the query protocol, the parameter name) when not the member's. */
  readonly locationName?: string;
  /** The EC2 protocol's parameter name, when it differs from the capitalized locationName. */
  readonly queryName?: string;
}

interface ShapeBase {
  /** AWS redacts sensitive values (passwords, secrets) from its messages. */
  readonly sensitive?: boolean;
}

export interface StructureShape extends ShapeBase {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  /** Present on error shapes: the AWS error code and its HTTP status. */
  readonly error?: ErrorTrait;
  readonly exception?: boolean;
}

export interface ErrorTrait {
  readonly code: string;
  readonly httpStatusCode: number;
  readonly senderFault?: boolean;
}

export interface ListShape extends ShapeBase {
  readonly type: 'list';
  readonly member: MemberRef;
  readonly min?: number;
  readonly max?: number;
  /** Flattened lists repeat their elements without a wrapper: `Name.1` rather than `Name.member.1`. */
  readonly flattened?: boolean;
}

export interface MapShape extends ShapeBase {
  readonly type: 'map';
  readonly key: MemberRef;
  readonly value: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened?: boolean;
}

export interface StringShape extends ShapeBase {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** A Java regular expression the whole value must match, as AWS writes it in its messages. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

export interface NumberShape extends ShapeBase {
  readonly type: 'integer' | 'long' | 'float' | 'double';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape extends ShapeBase {
  readonly type: 'boolean';
}

export interface TimestampShape extends ShapeBase {
  readonly type: 'timestamp';
  readonly timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
}

export interface BlobShape extends ShapeBase {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
}

/** Every shape a model can hold, told apart by `type`. */
export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape;

/** One API operation: its input and output structures, and the errors it is modeled to return. */
export interface OperationModel {
  readonly input?: string;
  readonly output?: string;
  /** The element wrapping the output in the XML response, e.g. `CreateUserResult`. */
  readonly resultWrapper?: string;
  readonly errors?: readonly string[];
}

export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly protocol: 'query' | 'ec2';
  readonly xmlNamespace: string;
  readonly serviceId: string;
  readonly endpointPrefix: string;
  readonly signingName?: string;
}

/** A whole service model, as generated into `src/api/models/<service>.json`. */
export interface ServiceModel {
  /** Where the data comes from and under which licence. */
  readonly source: string;
  readonly license: string;
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** Operations iamfa serves beyond a published model, with the shapes they add. */
type ModelExtension = Pick<ServiceModel, 'source' | 'operations' | 'shapes'>;

/** The model with the extension's operations and shapes added (it may not redefine any). */
function extended(model: ServiceModel, extension: ModelExtension): ServiceModel {
  const clash = [...Object.keys(extension.operations), ...Object.keys(extension.shapes)].find(
    (name) => name in model.operations || name in model.shapes,
  );
  if (clash) throw new Error(`The model extension redefines ${clash}.`);
  return {
    ...model,
    operations: { ...model.operations, ...extension.operations },
    shapes: { ...model.shapes, ...extension.shapes },
  };
}

// Imported as JSON modules: tsc copies imported JSON into dist/ beside the code, and tsx, vitest
// and Node read them natively, so the models need no build step and no path arithmetic.
const MODELS: Readonly<Record<ServiceName, ServiceModel>> = {
  iam: extended(iam as ServiceModel, iamSmsMfa as ModelExtension),
  sts: sts as ServiceModel,
  ec2: ec2 as ServiceModel,
};

/**
 * The service's model (parsed once, when this module is first imported).
 * @example const iam = loadModel('iam'); iam.operations.CreateUser?.input; // 'CreateUserRequest'
 */
export function loadModel(service: ServiceName): ServiceModel {
  return MODELS[service];
}

/**
 * The shape named `name`; a model that names a shape it does not hold is corrupt, so this throws.
 * @example shapeOf(loadModel('iam'), 'userNameType'); // { type: 'string', min: 1, max: 64, pattern: '[\\w+=,.@-]+' }
 */
export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`The ${model.metadata.serviceId} model has no shape ${name}.`);
  return shape;
}
