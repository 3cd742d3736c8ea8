import { describe, expect, it } from 'vitest';
import { compileClause, ConditionClauseError } from './clause.js';
import { Null } from './null.js';
import { ConditionValueError } from './operator.js';
import {
  clauseOf,
  contextOf,
  describeRow,
  evaluateRow,
  KEY,
  type Row,
} from '../../../test/support/conditions.js';

const rows: Row[] = [
  { op: 'Null', values: 'true', expected: true },
  { op: 'Null', values: 'true', context: 'x', expected: false },
  { op: 'Null', values: 'false', expected: false },
  { op: 'Null', values: 'false', context: 'x', expected: true },
  { op: 'Null', values: 'TRUE', expected: true },
  { op: 'Null', values: 'False', context: 'x', expected: true },
  // An empty string is a value; an empty list is no value.
  { op: 'Null', values: 'true', context: '', expected: false },
  { op: 'Null', values: 'true', context: [], expected: true },
  { op: 'Null', values: 'false', context: [], expected: false },
  { op: 'Null', values: 'false', context: ['a', 'b'], expected: true },
  { op: 'Null', values: 'true', context: ['a', 'b'], expected: false },
  // Values are ORed: both at once always hold.
  { op: 'Null', values: ['true', 'false'], expected: true },
  { op: 'Null', values: ['true', 'false'], context: 'x', expected: true },
  // A set qualifier has no effect on Null.
  { op: 'ForAnyValue:Null', values: 'true', expected: true },
  { op: 'ForAllValues:Null', values: 'false', expected: false },
];

describe('Null', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  for (const value of ['yes', '', '1', 'null', '${aws:x}']) {
    it(`rejects the policy value ${JSON.stringify(value)}`, () => {
      expect(() => Null.compile(value)).toThrow(ConditionValueError);
      expect(() => compileClause(clauseOf('Null', KEY, value), true)).toThrow(ConditionClauseError);
    });
  }

  it('refuses IfExists even on a clause built by hand', () => {
    const clause = { ...clauseOf('Null', KEY, 'true'), ifExists: true };
    expect(() => compileClause(clause, true)).toThrow(/IfExists/);
  });

  it('finds the key whatever its case, and needs no variables', () => {
    const clause = compileClause(clauseOf('Null', 'AWS:TokenIssueTime', 'true'), true);
    expect(clause.lowerKey).toBe('aws:tokenissuetime');
    expect(clause.requiredKeys).toEqual([]);
    expect(clause.test(contextOf({ 'aws:tokenissuetime': '2020-01-01T00:00:00Z' }))).toBe(false);
    expect(clause.test(contextOf({}))).toBe(true);
  });
});
