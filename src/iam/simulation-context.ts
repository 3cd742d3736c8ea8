import ipaddr from 'ipaddr.js';
import { parseInstant } from '../policy/conditions/date.js';
import { RequestContext } from '../policy/index.js';
import { IamError } from './errors.js';

/**
 * The request context of a policy simulation, built from the `ContextEntries` of
 * SimulatePrincipalPolicy and SimulateCustomPolicy. The simulator supplies no key of its own:
 * "Whenever a context key is evaluated in one of the simulated IAM permissions policies, the
 * corresponding value is supplied" (the API reference's ContextEntries) — and only then, so a key
 * the caller leaves out is absent, as it is for long-term keys in a live request, and is reported
 * in MissingContextValues.
 */

/** The `ContextEntry` structure of the IAM API. */
export interface ContextEntry {
  readonly ContextKeyName?: string;
  readonly ContextKeyValues?: readonly string[];
  readonly ContextKeyType?: ContextKeyType;
}

/** `ContextKeyTypeEnum`: a scalar type, or a list of it. */
export type ContextKeyType =
  | 'string'
  | 'stringList'
  | 'numeric'
  | 'numericList'
  | 'boolean'
  | 'booleanList'
  | 'ip'
  | 'ipList'
  | 'binary'
  | 'binaryList'
  | 'date'
  | 'dateList';

type Scalar = 'string' | 'numeric' | 'boolean' | 'ip' | 'binary' | 'date';

/**
 * Whether a value reads as its type, so a typo fails the request instead of silently never
 * matching (a simulation that quietly answers implicitDeny for `"ture"` would mislead).
 */
const VALID: Readonly<Record<Scalar, (value: string) => boolean>> = {
  string: () => true,
  numeric: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  boolean: (v) => /^(?:true|false)$/i.test(v),
  ip: (v) => ipaddr.isValidCIDR(v) || ipaddr.isValid(v),
  binary: (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0,
  date: (v) => !Number.isNaN(parseInstant(v)),
};

function scalarOf(type: ContextKeyType): Scalar {
  return (type.endsWith('List') ? type.slice(0, -4) : type) as Scalar;
}

/** A boolean as the engine stores booleans (`true`/`false`); other values as given. */
function normalized(scalar: Scalar, value: string): string {
  return scalar === 'boolean' ? value.toLowerCase() : value;
}

/**
 * The context of the simulated requests: each entry's values under its key, a list for the list
 * types and a single value otherwise. Throws InvalidInput for an entry without a name or type, or
 * with a value its type cannot hold.
 * @example simulationContext([{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }])
 */
export function simulationContext(entries: readonly ContextEntry[] = []): RequestContext {
  const context = new RequestContext();
  for (const entry of entries) {
    const name = entry.ContextKeyName;
    const type = entry.ContextKeyType;
    if (name === undefined) throw new IamError('InvalidInput', 'Each context entry needs a ContextKeyName.');
    if (type === undefined)
      throw new IamError('InvalidInput', `The context entry ${name} needs a ContextKeyType.`);
    const scalar = scalarOf(type);
    const values = entry.ContextKeyValues ?? [];
    for (const value of values)
      if (!VALID[scalar](value))
        throw new IamError(
          'InvalidInput',
          `Invalid value for context key ${name}: ${JSON.stringify(value)} is not a ${scalar}.`,
        );
    const read = values.map((v) => normalized(scalar, v));
    // A single-valued type with one value is that value; a list type is always a list (several
    // values under a scalar type are kept as the list they are: AWS does not say, and dropping
    // all but one would hide a mistake).
    context.set(name, type.endsWith('List') || read.length !== 1 ? read : (read[0] as string));
  }
  return context;
}
