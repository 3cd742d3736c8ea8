import { shapeOf, type Shape, type ServiceModel, type StructureShape } from './model.js';
import { javaPattern } from './pattern.js';

/**
 * Checks a decoded input against its model's constraints (required, length, value range, pattern,
 * enum) and words each violation as AWS's request validation does:
 *
 *   Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular
 *   expression pattern: [\w+=,.@-]+
 *
 * Member paths are the members' names with a lower-case first letter, list elements as
 * `tags.1.member` (1-based), so a tag's key is `tags.1.member.key`. A value that breaks several
 * constraints gets one violation for each, the pattern first. Elements of a list of strings are
 * checked together: `Member must satisfy constraint: [<every constraint of the element shape>]`.
 * Sensitive values (passwords) are left out: `Value at 'newPassword' failed to satisfy …`.
 */

/** One constraint a value breaks, worded as AWS words it; `missing` when a required member is absent. */
export interface Violation {
  readonly message: string;
  readonly missing?: true;
}

/** Every violation in `input`, in the model's member order. */
export function validateStructure(model: ServiceModel, shapeName: string, input: object): Violation[] {
  const violations: Violation[] = [];
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure.`);
  checkStructure(model, shape, input, '', violations);
  return violations;
}

/**
 * The message of a ValidationError carrying these violations.
 * @example validationMessage([v]); // '1 validation error detected: Value …'
 */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  const list = violations.map((violation) => violation.message).join('; ');
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${list}`;
}

/** How AWS names a member in its messages: `UserName` → `userName`. */
export function memberPath(parent: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return parent ? `${parent}.${name}` : name;
}

function checkStructure(
  model: ServiceModel,
  shape: StructureShape,
  value: object,
  path: string,
  out: Violation[],
): void {
  const record = value as Readonly<Record<string, unknown>>;
  const required = new Set(shape.required ?? []);
  for (const [name, ref] of Object.entries(shape.members)) {
    const where = memberPath(path, name);
    const member = record[name];
    if (member === undefined || member === null) {
      if (required.has(name))
        out.push({
          message: `Value null at '${where}' failed to satisfy constraint: Member must not be null`,
          missing: true,
        });
      continue;
    }
    checkValue(model, shapeOf(model, ref.shape), member, where, out);
  }
}

function checkValue(model: ServiceModel, shape: Shape, value: unknown, path: string, out: Violation[]): void {
  const fail = (constraint: string): void => {
    out.push({
      message: `${describe(model, shape, value)} at '${path}' failed to satisfy constraint: ${constraint}`,
    });
  };
  switch (shape.type) {
    case 'structure':
      if (typeof value === 'object' && value !== null) checkStructure(model, shape, value, path, out);
      return;
    case 'list': {
      if (!Array.isArray(value)) return;
      lengthViolations(shape, value.length).forEach(fail);
      const member = shapeOf(model, shape.member.shape);
      if (member.type === 'structure' || member.type === 'list' || member.type === 'map') {
        value.forEach((element, i) => checkValue(model, member, element, `${path}.${i + 1}.member`, out));
      } else if (value.some((element) => scalarViolations(member, element).length > 0)) {
        fail(`Member must satisfy constraint: [${constraints(member).join(', ')}]`);
      }
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null) return;
      const entries = Object.entries(value);
      lengthViolations(shape, entries.length).forEach(fail);
      const key = shapeOf(model, shape.key.shape);
      if (entries.some(([k]) => scalarViolations(key, k).length > 0))
        fail(`Map keys must satisfy constraint: [${constraints(key).join(', ')}]`);
      const mapValue = shapeOf(model, shape.value.shape);
      if (mapValue.type === 'structure' || mapValue.type === 'list' || mapValue.type === 'map') {
        for (const [k, v] of entries) checkValue(model, mapValue, v, `${path}.${k}`, out);
      } else if (entries.some(([, v]) => scalarViolations(mapValue, v).length > 0)) {
        fail(`Map value must satisfy constraint: [${constraints(mapValue).join(', ')}]`);
      }
      return;
    }
    default:
      scalarViolations(shape, value).forEach(fail);
  }
}

/** The constraints a string, number or blob breaks, pattern first. */
function scalarViolations(shape: Shape, value: unknown): string[] {
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') return [];
      const out: string[] = [];
      if (shape.pattern !== undefined && !javaPattern(shape.pattern).test(value))
        out.push(patternConstraint(shape.pattern));
      out.push(...lengthViolations(shape, value.length));
      if (shape.enum && !shape.enum.includes(value)) out.push(enumConstraint(shape.enum));
      return out;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      if (typeof value !== 'number') return [];
      if (shape.max !== undefined && value > shape.max) return [maxValueConstraint(shape.max)];
      if (shape.min !== undefined && value < shape.min) return [minValueConstraint(shape.min)];
      return [];
    }
    case 'blob':
      return value instanceof Uint8Array ? lengthViolations(shape, value.length) : [];
    default:
      return [];
  }
}

/** Every constraint of a shape, as AWS lists them for list elements and map values. */
function constraints(shape: Shape): string[] {
  const out: string[] = [];
  const isNumber =
    shape.type === 'integer' || shape.type === 'long' || shape.type === 'float' || shape.type === 'double';
  const hasLength =
    shape.type === 'string' || shape.type === 'blob' || shape.type === 'list' || shape.type === 'map';
  if (isNumber || hasLength) {
    if (shape.max !== undefined)
      out.push(isNumber ? maxValueConstraint(shape.max) : maxLengthConstraint(shape.max));
    if (shape.min !== undefined)
      out.push(isNumber ? minValueConstraint(shape.min) : minLengthConstraint(shape.min));
  }
  if (shape.type === 'string') {
    if (shape.pattern !== undefined) out.push(patternConstraint(shape.pattern));
    if (shape.enum) out.push(enumConstraint(shape.enum));
  }
  return out;
}

function lengthViolations(shape: { readonly min?: number; readonly max?: number }, length: number): string[] {
  if (shape.max !== undefined && length > shape.max) return [maxLengthConstraint(shape.max)];
  if (shape.min !== undefined && length < shape.min) return [minLengthConstraint(shape.min)];
  return [];
}

const patternConstraint = (pattern: string): string =>
  `Member must satisfy regular expression pattern: ${pattern}`;
const enumConstraint = (values: readonly string[]): string =>
  `Member must satisfy enum value set: [${values.join(', ')}]`;
const maxLengthConstraint = (n: number): string => `Member must have length less than or equal to ${n}`;
const minLengthConstraint = (n: number): string => `Member must have length greater than or equal to ${n}`;
const maxValueConstraint = (n: number): string => `Member must have value less than or equal to ${n}`;
const minValueConstraint = (n: number): string => `Member must have value greater than or equal to ${n}`;

/** `Value 'x'`, or `Value` alone for a sensitive value. */
function describe(model: ServiceModel, shape: Shape, value: unknown): string {
  return isSensitive(model, shape) ? 'Value' : `Value '${render(value)}'`;
}

function isSensitive(model: ServiceModel, shape: Shape): boolean {
  if (shape.sensitive) return true;
  if (shape.type === 'list') return isSensitive(model, shapeOf(model, shape.member.shape));
  if (shape.type === 'map') return isSensitive(model, shapeOf(model, shape.value.shape));
  return false;
}

/** A value as AWS's (Java) messages print it: lists `[a, b]`, maps `{k=v}`. */
function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${render(v)}`)
      .join(', ')}}`;
  return String(value);
}
