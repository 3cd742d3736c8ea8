import { shapeOf, type MemberRef, type ServiceModel, type Shape, type StructureShape } from './model.js';
import { validateStructure, validationMessage } from './validate.js';

/**
 * Reads an operation's input from AWS query-protocol parameters, as botocore and the AWS SDKs write
 * them, and validates it against the model:
 *
 * - members by name (or `locationName`); nested structures `A.B`;
 * - lists `Name.member.N` (1-based), flattened lists `Name.N`, an empty list as `Name=`;
 * - maps `Name.entry.N.key` / `Name.entry.N.value` (flattened: `Name.N.key`);
 * - booleans `true`/`false`, integers, timestamps in ISO 8601 (to `Date`), blobs in base64 (to `Buffer`).
 *
 * The EC2 protocol differs only in names (`queryName`, else the capitalized `locationName`) and in
 * that every list is flattened. Parameters the model does not know are ignored, as AWS ignores them.
 */

export type DecodeErrorCode = 'ValidationError' | 'InvalidParameterValue' | 'InvalidAction';

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly message: string;
  /** A required parameter is absent (EC2 answers MissingParameter where IAM says ValidationError). */
  readonly missingParameter?: boolean;
}

export type DecodeResult =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly error: DecodeError };

/**
 * The operation's input, or the error AWS would answer with.
 * @example
 * decodeInput(loadModel('iam'), 'CreateUser', new URLSearchParams('UserName=bob&Tags.member.1.Key=team&Tags.member.1.Value=blue'));
 * // { ok: true, input: { UserName: 'bob', Tags: [{ Key: 'team', Value: 'blue' }] } }
 */
export function decodeInput(
  model: ServiceModel,
  operationName: string,
  params: URLSearchParams,
): DecodeResult {
  const operation = Object.hasOwn(model.operations, operationName)
    ? model.operations[operationName]
    : undefined;
  if (!operation) {
    return {
      ok: false,
      error: {
        code: 'InvalidAction',
        message: `Could not find operation ${operationName} for version ${model.metadata.apiVersion}`,
      },
    };
  }
  if (!operation.input) return { ok: true, input: {} };
  const shape = shapeOf(model, operation.input);
  if (shape.type !== 'structure') throw new Error(`${operation.input} is not a structure.`);

  let input: Record<string, unknown>;
  try {
    input = new Reader(model, params).structure(shape, '', true) ?? {};
  } catch (error) {
    if (error instanceof MalformedValue) return { ok: false, error: error.toDecodeError() };
    throw error;
  }
  const violations = validateStructure(model, operation.input, input);
  if (violations.length > 0) {
    const message = validationMessage(violations);
    const missingParameter = violations.some((violation) => violation.missing);
    return {
      ok: false,
      error: { code: 'ValidationError', message, ...(missingParameter && { missingParameter }) },
    };
  }
  return { ok: true, input };
}

/** A parameter whose text is not a value of its type (`MaxItems=ten`). */
class MalformedValue extends Error {
  constructor(
    readonly parameter: string,
    readonly text: string | undefined,
    readonly expected: string,
  ) {
    super(
      `Value ${text === undefined ? '' : `'${text}' `}for parameter ${parameter} is invalid: expected ${expected}.`,
    );
  }

  toDecodeError(): DecodeError {
    return { code: 'InvalidParameterValue', message: this.message };
  }
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
/** Deeper than any parameter name a model defines (`A.member.1.B.member.2.C` has 7 segments). */
const MAX_SEGMENTS = 32;
const ISO_8601 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class Reader {
  /** Parameter names and values; the first value of a repeated name wins. */
  private readonly values = new Map<string, string>();
  /** For each `Prefix` followed by an element number in some name (`Prefix.3…`), those numbers. */
  private readonly elements = new Map<string, Set<number>>();
  private readonly ec2: boolean;

  constructor(
    private readonly model: ServiceModel,
    params: URLSearchParams,
  ) {
    for (const [name, value] of params) {
      if (this.values.has(name)) continue;
      this.values.set(name, value);
      this.indexName(name);
    }
    this.ec2 = model.metadata.protocol === 'ec2';
  }

  /**
   * Notes the element numbers in a name once, so that reading a list costs a lookup rather than a
   * scan of every parameter. Names deeper than any model's are not worth noting.
   */
  private indexName(name: string): void {
    const segments = name.split('.');
    if (segments.length > MAX_SEGMENTS) return;
    for (let i = 1; i < segments.length; i++) {
      if (!/^[1-9]\d*$/.test(segments[i] as string)) continue;
      const prefix = segments.slice(0, i).join('.');
      let numbers = this.elements.get(prefix);
      if (!numbers) this.elements.set(prefix, (numbers = new Set()));
      numbers.add(Number(segments[i]));
    }
  }

  /** A structure's members; undefined when none of them is present, unless `always`. */
  structure(shape: StructureShape, prefix: string, always = false): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [name, ref] of Object.entries(shape.members)) {
      const key = prefix ? `${prefix}.${this.wireName(name, ref)}` : this.wireName(name, ref);
      const value = this.value(shapeOf(this.model, ref.shape), key);
      if (value !== undefined) {
        out[name] = value;
        any = true;
      }
    }
    return any || always ? out : undefined;
  }

  private wireName(member: string, ref: MemberRef): string {
    if (!this.ec2) return ref.locationName ?? member;
    if (ref.queryName) return ref.queryName;
    return ref.locationName ? ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1) : member;
  }

  private value(shape: Shape, key: string): unknown {
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, key);
      case 'list':
        return this.list(shape, key);
      case 'map':
        return this.map(shape, key);
      default: {
        const text = this.values.get(key);
        return text === undefined ? undefined : scalar(shape, text, key);
      }
    }
  }

  private list(shape: Extract<Shape, { type: 'list' }>, key: string): unknown[] | undefined {
    let prefix = key;
    if (!this.ec2) {
      const elementName = shape.member.locationName;
      if (!shape.flattened) prefix = `${key}.${elementName ?? 'member'}`;
      else if (elementName) prefix = [...key.split('.').slice(0, -1), elementName].join('.');
    }
    const indexes = this.indexes(prefix);
    if (indexes.length === 0) return this.values.get(key) === '' ? [] : undefined;
    const member = shapeOf(this.model, shape.member.shape);
    const out: unknown[] = [];
    for (const i of indexes) {
      const element =
        member.type === 'structure'
          ? this.structure(member, `${prefix}.${i}`, true)
          : this.value(member, `${prefix}.${i}`);
      if (element !== undefined) out.push(element);
    }
    return out;
  }

  private map(shape: Extract<Shape, { type: 'map' }>, key: string): Record<string, unknown> | undefined {
    const prefix = shape.flattened || this.ec2 ? key : `${key}.entry`;
    const indexes = this.indexes(prefix);
    if (indexes.length === 0) return this.values.get(key) === '' ? {} : undefined;
    const valueShape = shapeOf(this.model, shape.value.shape);
    const entries: [string, unknown][] = [];
    for (const i of indexes) {
      const k = this.values.get(`${prefix}.${i}.${shape.key.locationName ?? 'key'}`);
      if (k === undefined) continue;
      entries.push([k, this.value(valueShape, `${prefix}.${i}.${shape.value.locationName ?? 'value'}`)]);
    }
    return Object.fromEntries(entries);
  }

  /** The element numbers present under `prefix.` (1, 2, …), in order. */
  private indexes(prefix: string): number[] {
    return [...(this.elements.get(prefix) ?? [])].sort((a, b) => a - b);
  }
}

function scalar(shape: Shape, text: string, parameter: string): unknown {
  const malformed = (expected: string): MalformedValue =>
    new MalformedValue(parameter, shape.sensitive ? undefined : text, expected);
  switch (shape.type) {
    case 'string':
      return text;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'false') return lower === 'true';
      throw malformed('true or false');
    }
    case 'integer':
    case 'long': {
      const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      const inRange = shape.type === 'integer' ? n >= INT32.min && n <= INT32.max : Number.isSafeInteger(n);
      if (!inRange) throw malformed(shape.type === 'integer' ? 'an integer' : 'a long integer');
      return n;
    }
    case 'float':
    case 'double': {
      const n = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) throw malformed('a number');
      return n;
    }
    case 'timestamp': {
      const parts = ISO_8601.exec(text);
      const zone = parts?.[2]?.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
      const ms = parts ? Date.parse(`${parts[1]}${zone}`) : NaN;
      if (Number.isNaN(ms)) throw malformed('an ISO 8601 date and time');
      return new Date(ms);
    }
    case 'blob':
      if (!BASE64.test(text)) throw malformed('base64');
      return Buffer.from(text, 'base64');
    default:
      throw new Error(`A ${shape.type} is not a scalar.`);
  }
}
