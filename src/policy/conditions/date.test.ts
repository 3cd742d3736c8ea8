import type { ValueOperator } from './operator.js';
import { describe, expect, it } from 'vitest';
import { compileClause, ConditionClauseError } from './clause.js';
import { DATE_OPERATORS, parseInstant } from './date.js';
import { ConditionValueError } from './operator.js';
import {
  clauseOf,
  describeRow,
  evaluateRow,
  KEY,
  missingKeyRows,
  type Row,
} from '../../../test/support/conditions.js';
const DateEquals = DATE_OPERATORS.find((o) => o.name === 'DateEquals') as ValueOperator;

const NEW_YEAR_2020 = '1577836800'; // 2020-01-01T00:00:00Z in epoch seconds

const rows: Row[] = [
  // Epoch seconds and ISO 8601 name the same instants.
  { op: 'DateEquals', values: '2020-01-01T00:00:00Z', context: NEW_YEAR_2020, expected: true },
  { op: 'DateEquals', values: NEW_YEAR_2020, context: '2020-01-01T01:00:00+01:00', expected: true },
  { op: 'DateEquals', values: NEW_YEAR_2020, context: '2019-12-31T19:00:00-05:00', expected: true },
  { op: 'DateEquals', values: '2020-01-01', context: '2020-01-01T00:00:00.000Z', expected: true },
  // Epoch values are seconds, not milliseconds.
  { op: 'DateEquals', values: '1577836800000', context: '2020-01-01T00:00:00Z', expected: false },
  { op: 'DateGreaterThan', values: '1700000000', context: '2023-11-14T22:13:21Z', expected: true },
  { op: 'DateGreaterThan', values: '1700000000', context: '2023-11-14T22:13:20Z', expected: false },
  { op: 'DateEquals', values: '2020-01-01T00:00:00Z', context: '2020-01-01T00:00:01Z', expected: false },
  { op: 'DateNotEquals', values: '2020-01-01', context: '2020-01-01T00:00:00Z', expected: false },
  { op: 'DateNotEquals', values: '2020-01-01', context: '2020-01-02', expected: true },
  { op: 'DateLessThan', values: '2020-01-01', context: '2019-12-31T23:59:59Z', expected: true },
  { op: 'DateLessThan', values: '2020-01-01', context: '2020-01-01T00:00:00Z', expected: false },
  { op: 'DateLessThanEquals', values: '2020-01-01', context: '2020-01-01T00:00:00Z', expected: true },
  { op: 'DateLessThanEquals', values: '2020-01-01', context: '2020-01-01T00:00:00.001Z', expected: false },
  {
    op: 'DateGreaterThan',
    values: '2020-01-01T00:00:00Z',
    context: '2020-01-01T00:00:00.001Z',
    expected: true,
  },
  {
    op: 'DateGreaterThanEquals',
    values: '2020-01-01T12:00Z',
    context: '2020-01-01T12:00:00Z',
    expected: true,
  },
  {
    op: 'DateGreaterThanEquals',
    values: '2020-01-01T12:00Z',
    context: '2020-01-01T11:59:59.999Z',
    expected: false,
  },
  {
    op: 'DateLessThan',
    values: ['2019-01-01', '2021-01-01'],
    context: '2020-06-01T00:00:00Z',
    expected: true,
  },
  // A context value that is not a date matches no policy value.
  { op: 'DateLessThan', values: '2020-01-01', context: 'yesterday', expected: false },
  { op: 'DateGreaterThan', values: '2020-01-01', context: 'Thu, 02 Jan 2020 00:00:00 GMT', expected: false },
  { op: 'DateGreaterThan', values: '2020-01-01', context: '2020-01-02T00:00:00', expected: false },
  { op: 'DateNotEquals', values: '2020-01-01', context: 'yesterday', expected: true },
  // Multivalued keys.
  { op: 'DateLessThan', values: '2020-01-01', context: ['2019-01-01', '2019-02-01'], expected: false },
  {
    op: 'ForAllValues:DateLessThan',
    values: '2020-01-01',
    context: ['2019-01-01', '2019-02-01'],
    expected: true,
  },
  {
    op: 'ForAllValues:DateLessThan',
    values: '2020-01-01',
    context: ['2019-01-01', '2021-02-01'],
    expected: false,
  },
  {
    op: 'ForAnyValue:DateGreaterThan',
    values: '2020-01-01',
    context: ['2019-01-01', '2021-02-01'],
    expected: true,
  },
  {
    op: 'ForAnyValue:DateNotEquals',
    values: '2020-01-01',
    context: ['2020-01-01', NEW_YEAR_2020],
    expected: false,
  },
  ...missingKeyRows('DateLessThan', 'DateNotEquals', '2020-01-01'),
];

const INSTANTS: [string, number][] = [
  ['1577836800', Date.UTC(2020, 0, 1)],
  ['0', 0],
  // Digits alone are always epoch seconds, even when they look like a year or a basic-format date.
  ['2024', 2_024_000],
  ['20200101', 20_200_101_000],
  ['2020-02-29', Date.UTC(2020, 1, 29)],
  ['2000-02-29', Date.UTC(2000, 1, 29)],
  ['1969-07-20T20:17:40Z', Date.UTC(1969, 6, 20, 20, 17, 40)],
  ['2020-01-01T00:00Z', Date.UTC(2020, 0, 1)],
  ['2020-06-15T10:20:30.5Z', Date.UTC(2020, 5, 15, 10, 20, 30, 500)],
  ['2020-06-15T10:20:30.123Z', Date.UTC(2020, 5, 15, 10, 20, 30, 123)],
  ['2020-06-15T10:20:30+05:30', Date.UTC(2020, 5, 15, 4, 50, 30)],
  ['2020-06-15T23:30:00-02:00', Date.UTC(2020, 5, 16, 1, 30, 0)],
  ['9999-12-31T23:59:59Z', Date.UTC(9999, 11, 31, 23, 59, 59)],
];

const NOT_DATES = [
  '',
  'yesterday',
  '2020-13-01',
  '2020-00-10',
  '2020-02-30',
  '2021-02-29',
  '1900-02-29',
  '2020-04-31',
  '2020-1-1',
  '2020-01-01T00:00:00',
  '2020-01-01T24:00:00Z',
  '2020-01-01T12:60:00Z',
  '2020-01-01T12:00:60Z',
  '2020-01-01 00:00:00Z',
  '2020-01-01t00:00:00z',
  '2020-01-01T00:00:00.Z',
  '2020-01-01T00:00:00+0100',
  '2020-01-01T00:00:00+24:00',
  '2020-01-01T00Z',
  '2020-01-01Z',
  '1577836800.5',
  '-1',
  '1.5e9',
  'Wed, 01 Jan 2020 00:00:00 GMT',
];

describe('Date operators', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  for (const [text, ms] of INSTANTS) {
    it(`reads ${text}`, () => expect(parseInstant(text)).toBe(ms));
  }

  for (const text of NOT_DATES) {
    it(`does not read ${JSON.stringify(text)} as a date`, () => {
      expect(parseInstant(text)).toBeNaN();
      expect(() => DateEquals.compile(text, { variables: true })).toThrow(ConditionValueError);
    });
  }

  it('reports a bad policy value at the value', () => {
    const clause = clauseOf('DateGreaterThan', KEY, ['2020-01-01', 'tomorrow']);
    let error: unknown;
    try {
      compileClause(clause, true);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConditionClauseError);
    expect((error as ConditionClauseError).issue.code).toBe('invalid-condition-value');
    expect((error as ConditionClauseError).issue.span).toBe(clause.values[1]?.span);
  });

  it('does not substitute variables', () => {
    expect(DateEquals.acceptsVariables).toBe(false);
    expect(() => compileClause(clauseOf('DateEquals', KEY, '${aws:CurrentTime}'), true)).toThrow(
      ConditionClauseError,
    );
  });
});
