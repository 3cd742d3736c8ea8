import { ConditionValueError, type ValueMatcher, type ValueOperator } from './operator.js';

/**
 * Numeric operators compare an integer or decimal (`10`, `-3`, `2.5`). Policy values of any other
 * form are errors; a context value of any other form matches no policy value. AWS does not
 * substitute policy variables here (IAM User Guide, "Numeric condition operators").
 */

/** An optional minus sign, digits, and an optional fraction: no exponent, no blanks, no `+`. */
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Reads an integer or decimal; NaN when the text is not one. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** How the context value (left) must relate to the policy value (right), in the positive sense. */
type Relation = (context: number, policy: number) => boolean;

function numericOperator(name: string, negated: boolean, relation: Relation): ValueOperator {
  return Object.freeze({
    kind: 'value',
    name,
    negated,
    acceptsVariables: false,
    compile(value: string): ValueMatcher {
      const policy = parseNumber(value);
      if (Number.isNaN(policy)) {
        throw new ConditionValueError(`${name} expects an integer or decimal number, not '${value}'.`);
      }
      return {
        requiredKeys: [],
        // NaN compares false with everything, so a context value that is not a number never matches.
        test: (subject) => relation(parseNumber(subject), policy),
      };
    },
  });
}

/** `NumericEquals`: the numbers are equal. */
export const NumericEquals = numericOperator('NumericEquals', false, (c, p) => c === p);
/** `NumericNotEquals`: holds when the number equals none of the policy values. */
export const NumericNotEquals = numericOperator('NumericNotEquals', true, (c, p) => c === p);
/** `NumericLessThan`: the context number is less than the policy number. */
export const NumericLessThan = numericOperator('NumericLessThan', false, (c, p) => c < p);
/** `NumericLessThanEquals`: the context number is less than or equal to the policy number. */
export const NumericLessThanEquals = numericOperator('NumericLessThanEquals', false, (c, p) => c <= p);
/** `NumericGreaterThan`: the context number is greater than the policy number. */
export const NumericGreaterThan = numericOperator('NumericGreaterThan', false, (c, p) => c > p);
/** `NumericGreaterThanEquals`: the context number is greater than or equal to the policy number. */
export const NumericGreaterThanEquals = numericOperator('NumericGreaterThanEquals', false, (c, p) => c >= p);

/** The six Numeric operators. */
export const NUMERIC_OPERATORS: readonly ValueOperator[] = [
  NumericEquals,
  NumericNotEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
];
