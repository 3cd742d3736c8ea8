import { ConditionValueError, type ValueOperator } from './operator.js';

/** How the context value (left) must relate to the policy value (right), in the positive sense. */
type Relation = (context: number, policy: number) => boolean;

const RELATIONS: readonly (readonly [suffix: string, negated: boolean, relation: Relation])[] = [
  ['Equals', false, (c, p) => c === p],
  ['NotEquals', true, (c, p) => c === p],
  ['LessThan', false, (c, p) => c < p],
  ['LessThanEquals', false, (c, p) => c <= p],
  ['GreaterThan', false, (c, p) => c > p],
  ['GreaterThanEquals', false, (c, p) => c >= p],
];

/**
 * The six comparison operators of a family whose values read as numbers (`NumericEquals` …
 * `NumericGreaterThanEquals`, `DateEquals` … ): `parse` gives NaN for text of the wrong form, which
 * is an error in a policy and matches nothing in a request (NaN compares false with everything).
 * AWS substitutes no policy variables in them.
 * @example comparisonOperators('Numeric', parseNumber, 'an integer or decimal number')
 */
export function comparisonOperators(
  family: string,
  parse: (text: string) => number,
  expected: string,
): readonly ValueOperator[] {
  return RELATIONS.map(([suffix, negated, relation]) => {
    const name = `${family}${suffix}`;
    return Object.freeze({
      kind: 'value',
      name,
      negated,
      acceptsVariables: false,
      compile(value: string) {
        const policy = parse(value);
        if (Number.isNaN(policy))
          throw new ConditionValueError(`${name} expects ${expected}, not '${value}'.`);
        return { requiredKeys: [], test: (subject: string) => relation(parse(subject), policy) };
      },
    });
  });
}
