import type { SetOperator } from '../ast.js';
import { ARN_OPERATORS } from './arn.js';
import { BinaryEquals } from './binary.js';
import { Bool } from './bool.js';
import { DATE_OPERATORS } from './date.js';
import { IpAddress, NotIpAddress } from './ip.js';
import { Null } from './null.js';
import { NUMERIC_OPERATORS } from './numeric.js';
import type { ConditionOperator } from './operator.js';
import { STRING_OPERATORS } from './string.js';

/**
 * Every condition operator, and the reading of an operator as written in a policy:
 * `[ForAllValues:|ForAnyValue:]<Operator>[IfExists]`.
 *
 * Operator names are case-sensitive, qualifiers included. The IAM User Guide spells them one way
 * and never says other spellings work, and IAM rejects another case: CreateRole with
 * `stringEquals` fails with `MalformedPolicyDocument: Invalid Condition type : stringEquals`
 * (reported in ministryofjustice/modernisation-platform-environments#8893). A wrong-case name is
 * therefore an error here too, with the right spelling suggested.
 */

/** All operators, in the order of the IAM User Guide's "Condition operators" page. */
export const OPERATORS: readonly ConditionOperator[] = [
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...DATE_OPERATORS,
  Bool,
  BinaryEquals,
  IpAddress,
  NotIpAddress,
  ...ARN_OPERATORS,
  Null,
];

/** The names of all operators without qualifiers, e.g. `StringEquals`, `Null`. */
export const OPERATOR_NAMES: readonly string[] = OPERATORS.map((o) => o.name);

/** The set qualifiers that may precede an operator. */
export const SET_OPERATORS: readonly SetOperator[] = ['ForAllValues', 'ForAnyValue'];

const IF_EXISTS = 'IfExists';

const byName = new Map<string, ConditionOperator>(OPERATORS.map((o) => [o.name, o]));
const byLowerName = new Map<string, ConditionOperator>(OPERATORS.map((o) => [o.name.toLowerCase(), o]));

/** Looks up an operator by its exact (case-sensitive) name without qualifiers. */
export function findOperator(name: string): ConditionOperator | undefined {
  return byName.get(name);
}

/** An operator as written in a policy, read into its parts. */
export interface ParsedOperator {
  readonly operator: ConditionOperator;
  readonly setOperator: SetOperator | undefined;
  readonly ifExists: boolean;
}

/** The operator (and whether IfExists was added) that `text` names exactly, if any. */
function readBase(text: string): { operator: ConditionOperator; ifExists: boolean } | undefined {
  const exact = byName.get(text);
  if (exact) return { operator: exact, ifExists: false };
  if (!text.endsWith(IF_EXISTS)) return undefined;
  const base = byName.get(text.slice(0, -IF_EXISTS.length));
  return base && { operator: base, ifExists: true };
}

/** The correct spelling of a name written in the wrong case, if it is one. */
function respell(text: string): string | undefined {
  const lower = text.toLowerCase();
  const suffix = IF_EXISTS.toLowerCase();
  const ifExists = lower.endsWith(suffix) && !byLowerName.has(lower);
  const base = byLowerName.get(ifExists ? lower.slice(0, -suffix.length) : lower);
  return base && base.name + (ifExists ? IF_EXISTS : '');
}

/**
 * Reads an operator as written in a policy; returns an error message when it is not one.
 * @example parseOperator('ForAnyValue:StringLikeIfExists') // { operator: StringLike, setOperator: 'ForAnyValue', ifExists: true }
 */
export function parseOperator(text: string): ParsedOperator | string {
  const colon = text.indexOf(':');
  let setOperator: SetOperator | undefined;
  if (colon >= 0) {
    const qualifier = text.slice(0, colon);
    setOperator = SET_OPERATORS.find((s) => s === qualifier);
    if (!setOperator) {
      const respelled = SET_OPERATORS.find((s) => s.toLowerCase() === qualifier.toLowerCase());
      return respelled
        ? `Invalid condition operator '${text}': set operators are case-sensitive; write '${respelled}:'.`
        : `Invalid condition operator '${text}': '${qualifier}' is not a set operator (ForAllValues or ForAnyValue).`;
    }
  }
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  const base = readBase(rest);
  if (!base) {
    const respelled = respell(rest);
    if (respelled) {
      const prefix = setOperator ? `${setOperator}:` : '';
      return `Invalid condition operator '${text}': operator names are case-sensitive; write '${prefix}${respelled}'.`;
    }
    return `Invalid condition operator '${text}': '${rest}' is not a condition operator.`;
  }
  if (base.ifExists && base.operator.kind === 'presence') {
    return `Invalid condition operator '${text}': IfExists cannot be added to Null, which itself tests whether the key exists.`;
  }
  return { operator: base.operator, setOperator, ifExists: base.ifExists };
}
