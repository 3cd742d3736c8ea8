import type { ValueOperator } from './operator.js';
import { describe, expect, it } from 'vitest';
import { compileClause, ConditionClauseError } from './clause.js';
import { NUMERIC_OPERATORS, parseNumber } from './numeric.js';
import { ConditionValueError } from './operator.js';
import {
  clauseOf,
  describeRow,
  evaluateRow,
  KEY,
  missingKeyRows,
  type Row,
} from '../../../test/support/conditions.js';
const NumericEquals = NUMERIC_OPERATORS.find((o) => o.name === 'NumericEquals') as ValueOperator;

const rows: Row[] = [
  { op: 'NumericEquals', values: '10', context: '10', expected: true },
  { op: 'NumericEquals', values: '10', context: '10.0', expected: true },
  { op: 'NumericEquals', values: '10', context: 10, expected: true },
  { op: 'NumericEquals', values: '10', context: '11', expected: false },
  { op: 'NumericEquals', values: '2.5', context: '2.50', expected: true },
  { op: 'NumericEquals', values: '-3', context: '-3', expected: true },
  { op: 'NumericEquals', values: '0', context: '-0', expected: true },
  { op: 'NumericEquals', values: ['1', '2'], context: '2', expected: true },
  { op: 'NumericNotEquals', values: '10', context: '10', expected: false },
  { op: 'NumericNotEquals', values: '10', context: '11', expected: true },
  { op: 'NumericNotEquals', values: ['10', '11'], context: '11', expected: false },
  { op: 'NumericLessThan', values: '10', context: '9', expected: true },
  { op: 'NumericLessThan', values: '10', context: '10', expected: false },
  { op: 'NumericLessThan', values: '10', context: '9.999', expected: true },
  { op: 'NumericLessThan', values: '-3', context: '-4', expected: true },
  { op: 'NumericLessThanEquals', values: '10', context: '10', expected: true },
  { op: 'NumericLessThanEquals', values: '10', context: '11', expected: false },
  { op: 'NumericGreaterThan', values: '-3', context: '-2', expected: true },
  { op: 'NumericGreaterThan', values: '-3', context: '-3', expected: false },
  { op: 'NumericGreaterThanEquals', values: '2.5', context: '2.5', expected: true },
  { op: 'NumericGreaterThanEquals', values: '2.5', context: '2.4', expected: false },
  // Any policy value that holds is enough.
  { op: 'NumericLessThan', values: ['1', '100'], context: '50', expected: true },
  // A context value that is not a number matches no policy value.
  { op: 'NumericEquals', values: '10', context: 'ten', expected: false },
  { op: 'NumericEquals', values: '10', context: '1e1', expected: false },
  { op: 'NumericEquals', values: '10', context: ' 10', expected: false },
  { op: 'NumericEquals', values: '10', context: '', expected: false },
  { op: 'NumericLessThan', values: '10', context: 'NaN', expected: false },
  { op: 'NumericGreaterThan', values: '10', context: 'Infinity', expected: false },
  { op: 'NumericNotEquals', values: '10', context: 'ten', expected: true },
  // Variables are not substituted in Numeric operators.
  { op: 'NumericEquals', values: '5', context: '5', extra: { 'aws:x': '6' }, expected: true },
  // Multivalued keys.
  { op: 'NumericEquals', values: '1', context: ['1', '2'], expected: false },
  { op: 'NumericEquals', values: '1', context: ['1'], expected: true },
  { op: 'ForAllValues:NumericLessThan', values: '10', context: ['1', '2'], expected: true },
  { op: 'ForAllValues:NumericLessThan', values: '10', context: ['1', '20'], expected: false },
  { op: 'ForAllValues:NumericLessThan', values: '10', context: ['1', 'x'], expected: false },
  { op: 'ForAnyValue:NumericGreaterThan', values: '10', context: ['1', '20'], expected: true },
  { op: 'ForAnyValue:NumericNotEquals', values: '1', context: ['1', '1'], expected: false },
  { op: 'ForAllValues:NumericNotEquals', values: '3', context: ['1', '2'], expected: true },
  { op: 'NumericLessThanEqualsIfExists', values: '10', context: '12', expected: false },
  ...missingKeyRows('NumericLessThan', 'NumericNotEquals', '10'),
  ...missingKeyRows('NumericGreaterThanEquals', undefined, '10'),
];

const BAD = [
  'ten',
  '1e3',
  '',
  ' 10',
  '10 ',
  '+5',
  '0x10',
  'NaN',
  'Infinity',
  '.5',
  '5.',
  '1,000',
  '${aws:x}',
];

describe('Numeric operators', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  for (const value of BAD) {
    it(`rejects the policy value ${JSON.stringify(value)}`, () => {
      expect(() => NumericEquals.compile(value, { variables: true })).toThrow(ConditionValueError);
      expect(() => compileClause(clauseOf('NumericLessThan', KEY, value), true)).toThrow(
        ConditionClauseError,
      );
    });
  }

  it('reads integers and decimals only', () => {
    expect(parseNumber('-2.50')).toBe(-2.5);
    expect(parseNumber('007')).toBe(7);
    expect(parseNumber('1e3')).toBeNaN();
    expect(NumericEquals.acceptsVariables).toBe(false);
  });

  it('names the operator and the value in its error', () => {
    expect(() => NumericEquals.compile('ten', { variables: false })).toThrow(/NumericEquals.*'ten'/);
  });
});
