import { shapeOf, type ServiceModel, type Shape, type StructureShape } from './model.js';
import { element, text, writeXml, type XmlNode } from './xml.js';

/**
 * Writes an operation's output as the AWS query protocol answers:
 *
 *   <CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <CreateUserResult>
 *       <User>…</User>
 *     </CreateUserResult>
 *     <ResponseMetadata>
 *       <RequestId>…</RequestId>
 *     </ResponseMetadata>
 *   </CreateUserResponse>
 *
 * Members come in the model's order (named by their `locationName` where they have one); lists as
 * `<member>` elements, maps as `<entry><key/><value/></entry>`; timestamps in ISO 8601 UTC
 * (`2024-05-01T12:00:00Z`; STS also writes milliseconds, IAM never does); blobs in base64. Operations without
 * output have no Result element. IAM's policy documents (`policyDocumentType`) are percent-encoded
 * (RFC 3986), as IAM returns them.
 *
 * The EC2 protocol differs in its envelope: no Result wrapper and no ResponseMetadata, the request
 * id first, and `<return>true</return>` for operations without output:
 *
 *   <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
 *     <requestId>…</requestId>
 *     <reservationSet>
 *       <item>…</item>
 *     </reservationSet>
 *   </DescribeInstancesResponse>
 */

/** Shapes whose values the service returns percent-encoded, by service (`endpointPrefix`). */
const PERCENT_ENCODED: Readonly<Record<string, ReadonlySet<string>>> = {
  iam: new Set(['policyDocumentType']),
};

/** Services whose timestamps are whole seconds (IAM's `CreateDate`s); others keep milliseconds. */
const WHOLE_SECONDS: ReadonlySet<string> = new Set(['iam']);

/**
 * The XML body of a successful response.
 * @example encodeOutput(loadModel('iam'), 'DeleteUser', undefined, requestId); // no DeleteUserResult
 */
export function encodeOutput(
  model: ServiceModel,
  operationName: string,
  output: Readonly<Record<string, unknown>> | undefined,
  requestId: string,
): string {
  const operation = Object.hasOwn(model.operations, operationName)
    ? model.operations[operationName]
    : undefined;
  if (!operation) throw new Error(`The ${model.metadata.serviceId} model has no operation ${operationName}.`);
  if (model.metadata.protocol === 'ec2') return encodeEc2Output(model, operationName, output, requestId);
  const children: XmlNode[] = [];
  if (operation.output) {
    const shape = structure(model, operation.output);
    const writer = new Writer(model);
    children.push(
      element(
        operation.resultWrapper ?? `${operationName}Result`,
        writer.members(shape, output ?? {}, operation.output),
      ),
    );
  }
  children.push(element('ResponseMetadata', [text('RequestId', requestId)]));
  return writeXml(element(`${operationName}Response`, children, { xmlns: model.metadata.xmlNamespace }));
}

function encodeEc2Output(
  model: ServiceModel,
  operationName: string,
  output: Readonly<Record<string, unknown>> | undefined,
  requestId: string,
): string {
  const outputShape = model.operations[operationName]?.output;
  const children: XmlNode[] = [text('requestId', requestId)];
  if (outputShape)
    children.push(...new Writer(model).members(structure(model, outputShape), output ?? {}, outputShape));
  else children.push(text('return', 'true'));
  return writeXml(element(`${operationName}Response`, children, { xmlns: ec2Namespace(model) }));
}

/** EC2 writes its namespace with a trailing slash, which the model's `xmlNamespace` lacks. */
export function ec2Namespace(model: ServiceModel): string {
  const namespace = model.metadata.xmlNamespace;
  return namespace.endsWith('/') ? namespace : `${namespace}/`;
}

function structure(model: ServiceModel, name: string): StructureShape {
  const shape = shapeOf(model, name);
  if (shape.type !== 'structure') throw new Error(`${name} is not a structure.`);
  return shape;
}

class Writer {
  private readonly percentEncoded: ReadonlySet<string>;
  private readonly wholeSeconds: boolean;

  constructor(private readonly model: ServiceModel) {
    this.percentEncoded = PERCENT_ENCODED[model.metadata.endpointPrefix] ?? new Set();
    this.wholeSeconds = WHOLE_SECONDS.has(model.metadata.endpointPrefix);
  }

  members(shape: StructureShape, value: Readonly<Record<string, unknown>>, path: string): XmlNode[] {
    const nodes: XmlNode[] = [];
    for (const [name, ref] of Object.entries(shape.members)) {
      const member = value[name];
      if (member === undefined || member === null) continue;
      nodes.push(...this.nodes(ref.shape, ref.locationName ?? name, member, `${path}.${name}`));
    }
    return nodes;
  }

  /** The element(s) for one value: one, except for flattened lists and maps. */
  private nodes(shapeName: string, name: string, value: unknown, path: string): XmlNode[] {
    const shape = shapeOf(this.model, shapeName);
    switch (shape.type) {
      case 'structure':
        return [element(name, this.members(shape, record(value, path), path))];
      case 'list': {
        if (!Array.isArray(value)) throw new TypeError(`${path}: expected an array`);
        const items = value.flatMap((item: unknown, i) =>
          this.nodes(
            shape.member.shape,
            shape.flattened ? (shape.member.locationName ?? name) : (shape.member.locationName ?? 'member'),
            item,
            `${path}[${i}]`,
          ),
        );
        return shape.flattened ? items : [element(name, items)];
      }
      case 'map': {
        const entries =
          value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(record(value, path));
        const items = entries.map(([key, item]) =>
          element(shape.flattened ? name : 'entry', [
            ...this.nodes(shape.key.shape, shape.key.locationName ?? 'key', key, `${path}.key`),
            ...this.nodes(
              shape.value.shape,
              shape.value.locationName ?? 'value',
              item,
              `${path}[${String(key)}]`,
            ),
          ]),
        );
        return shape.flattened ? items : [element(name, items)];
      }
      default:
        return [text(name, this.scalar(shapeName, shape, value, path))];
    }
  }

  private scalar(shapeName: string, shape: Shape, value: unknown, path: string): string {
    switch (shape.type) {
      case 'string':
        if (typeof value !== 'string') throw new TypeError(`${path}: expected a string`);
        return this.percentEncoded.has(shapeName) ? percentEncode(value) : value;
      case 'boolean':
        if (typeof value !== 'boolean') throw new TypeError(`${path}: expected a boolean`);
        return String(value);
      case 'integer':
      case 'long':
        if (!Number.isInteger(value)) throw new TypeError(`${path}: expected an integer`);
        return String(value);
      case 'float':
      case 'double':
        if (typeof value !== 'number') throw new TypeError(`${path}: expected a number`);
        return String(value);
      case 'timestamp':
        return isoTimestamp(value, path, this.wholeSeconds);
      case 'blob':
        if (value instanceof Uint8Array)
          return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
        if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
        throw new TypeError(`${path}: expected bytes`);
      default:
        throw new TypeError(`${path}: a ${shape.type} is not a scalar`);
    }
  }
}

function record(value: unknown, path: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${path}: expected an object`);
  return value as Readonly<Record<string, unknown>>;
}

/** `2024-05-01T12:00:00Z`, or `2024-05-01T12:00:00.123Z` when there are milliseconds to keep. */
function isoTimestamp(value: unknown, path: string, wholeSeconds: boolean): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new TypeError(`${path}: expected a Date or an ISO 8601 string`);
  const iso = date.toISOString();
  return wholeSeconds || iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** RFC 3986 percent-encoding: everything but letters, digits and `-._~`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
