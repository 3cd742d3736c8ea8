import { describe, expect, it } from 'vitest';
import { BinaryEquals, decodeBase64 } from './binary.js';
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

const BINARY = Buffer.from('BinaryValueInBase64').toString('base64'); // the guide's example value

const rows: Row[] = [
  { op: 'BinaryEquals', values: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', context: BINARY, expected: true },
  { op: 'BinaryEquals', values: 'QmluYXJ5', context: 'QmluYXJ5', expected: true },
  { op: 'BinaryEquals', values: 'QmluYXJ5', context: 'QmluYXJ6', expected: false },
  { op: 'BinaryEquals', values: 'QmluYXJ5', context: 'QmluYXJ5YQ==', expected: false },
  // Base64 is case-sensitive: other letters are other bytes.
  { op: 'BinaryEquals', values: 'QmluYXJ5', context: 'qmluyxj5', expected: false },
  // Two encodings of the same byte (the unused low bits differ) compare equal.
  { op: 'BinaryEquals', values: 'QQ==', context: 'QR==', expected: true },
  { op: 'BinaryEquals', values: 'QR==', context: 'QQ==', expected: true },
  { op: 'BinaryEquals', values: ['AAAA', 'QQ=='], context: 'QQ==', expected: true },
  { op: 'BinaryEquals', values: '', context: '', expected: true },
  // A context value that is not base64 never matches.
  { op: 'BinaryEquals', values: 'QQ==', context: 'QQ', expected: false },
  { op: 'BinaryEquals', values: 'QQ==', context: 'Q Q=', expected: false },
  { op: 'BinaryEquals', values: 'QmluYXJ5', context: 'QmluYXJ5=', expected: false },
  { op: 'BinaryEquals', values: 'QmluYXJ5', context: 'not base64!', expected: false },
  // Multivalued keys.
  { op: 'BinaryEquals', values: 'QQ==', context: ['QQ==', 'Qg=='], expected: false },
  { op: 'ForAnyValue:BinaryEquals', values: 'QQ==', context: ['QQ==', 'Qg=='], expected: true },
  { op: 'ForAllValues:BinaryEquals', values: 'QQ==', context: ['QQ==', 'Qg=='], expected: false },
  { op: 'ForAllValues:BinaryEquals', values: ['QQ==', 'Qg=='], context: ['QQ==', 'Qg=='], expected: true },
  ...missingKeyRows('BinaryEquals', undefined, 'QQ=='),
];

describe('BinaryEquals', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  for (const value of ['not base64', 'QQ', 'QQ=', 'QmluYXJ5=', 'Q Q==', 'QQ==\n', '-_8=', '${aws:x}']) {
    it(`rejects the policy value ${JSON.stringify(value)}`, () => {
      expect(() => BinaryEquals.compile(value, { variables: true })).toThrow(ConditionValueError);
      expect(() => compileClause(clauseOf('BinaryEquals', KEY, value), true)).toThrow(ConditionClauseError);
    });
  }

  it('decodes strict base64 only', () => {
    expect(decodeBase64('QmluYXJ5')?.toString()).toBe('Binary');
    expect(decodeBase64('QmluYXJ5=')).toBeUndefined();
  });
});
