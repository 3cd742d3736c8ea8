import { describe, expect, it } from 'vitest';
import { Bool, parseBool } from './bool.js';
import { compileClause, ConditionClauseError } from './clause.js';
import { ConditionValueError } from './operator.js';
import {
  clauseOf,
  describeRow,
  evaluateRow,
  KEY,
  missingKeyRows,
  type Row,
} from '../../../test/support/conditions.js';

const rows: Row[] = [
  { op: 'Bool', values: 'true', context: 'true', expected: true },
  { op: 'Bool', values: 'true', context: true, expected: true },
  { op: 'Bool', values: 'true', context: 'TRUE', expected: true },
  { op: 'Bool', values: 'True', context: 'tRuE', expected: true },
  { op: 'Bool', values: 'true', context: 'false', expected: false },
  { op: 'Bool', values: 'false', context: false, expected: true },
  { op: 'Bool', values: 'FALSE', context: 'false', expected: true },
  { op: 'Bool', values: 'false', context: 'true', expected: false },
  { op: 'Bool', values: ['true', 'false'], context: 'false', expected: true },
  // A context value that is not a boolean never matches.
  { op: 'Bool', values: 'true', context: 'yes', expected: false },
  { op: 'Bool', values: 'false', context: '', expected: false },
  { op: 'Bool', values: 'false', context: '0', expected: false },
  { op: 'Bool', values: 'true', context: ' true', expected: false },
  { op: 'BoolIfExists', values: 'false', context: 'true', expected: false },
  { op: 'BoolIfExists', values: 'true', context: 'true', expected: true },
  // Policy variables (the Boolean section of the Condition operators page allows them).
  { op: 'Bool', values: '${test:other}', context: 'true', extra: { 'test:other': 'TRUE' }, expected: true },
  { op: 'Bool', values: '${test:other}', context: 'false', extra: { 'test:other': 'true' }, expected: false },
  { op: 'Bool', values: '${test:other}', context: 'true', extra: { 'test:other': 'maybe' }, expected: false },
  { op: 'Bool', values: "${test:other, 'FALSE'}", context: 'false', expected: true },
  { op: 'Bool', values: "${test:other, 'FALSE'}", context: 'true', expected: false },
  // Multivalued keys.
  { op: 'Bool', values: 'true', context: ['true', 'true'], expected: false },
  { op: 'ForAnyValue:Bool', values: 'true', context: ['false', 'true'], expected: true },
  { op: 'ForAllValues:Bool', values: 'true', context: ['false', 'true'], expected: false },
  { op: 'ForAllValues:Bool', values: 'true', context: ['TRUE', 'true'], expected: true },
  ...missingKeyRows('Bool', undefined, 'true'),
  ...missingKeyRows('Bool', undefined, 'false'),
];

describe('Bool', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  for (const value of ['yes', '1', '', 'truee', ' true', 't']) {
    it(`rejects the policy value ${JSON.stringify(value)}`, () => {
      expect(() => Bool.compile(value, { variables: true })).toThrow(ConditionValueError);
      expect(() => compileClause(clauseOf('Bool', KEY, value), true)).toThrow(ConditionClauseError);
    });
  }

  it('reads a variable as text when variables are off (and then it is not a boolean)', () => {
    expect(() => Bool.compile('${test:other}', { variables: false })).toThrow(ConditionValueError);
    expect(Bool.compile('${test:other}', { variables: true }).requiredKeys).toEqual(['test:other']);
  });

  it('reads booleans in any case', () => {
    expect(parseBool('FaLsE')).toBe(false);
    expect(parseBool('TRUE')).toBe(true);
    expect(parseBool('1')).toBeUndefined();
  });
});
