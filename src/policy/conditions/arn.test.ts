import { describe, expect, it } from 'vitest';
import { ArnEquals, ArnLike } from './arn.js';
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

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const USER = { 'aws:username': 'alice' };
// The guide's example of a value StringLike matches and ArnLike does not.
const GUIDE_PATTERN = 'arn:aws:someservice:*:111122223333:finance/*';
const GUIDE_VALUE = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';

const rows: Row[] = [
  { op: 'ArnEquals', values: ALICE, context: ALICE, expected: true },
  { op: 'ArnEquals', values: ALICE, context: 'arn:aws:iam::123456789012:user/bob', expected: false },
  { op: 'ArnLike', values: 'arn:aws:iam::*:user/*', context: ALICE, expected: true },
  { op: 'ArnLike', values: 'arn:aws:iam::*:role/*', context: ALICE, expected: false },
  // ArnEquals and ArnLike behave identically: wildcards in both.
  { op: 'ArnEquals', values: 'arn:aws:iam::*:user/*', context: ALICE, expected: true },
  { op: 'ArnEquals', values: 'arn:aws:iam::12345678901?:user/alice', context: ALICE, expected: true },
  { op: 'ArnLike', values: 'arn:aws:s3:::bucket-?', context: 'arn:aws:s3:::bucket-1', expected: true },
  { op: 'ArnLike', values: 'arn:aws:s3:::bucket-?', context: 'arn:aws:s3:::bucket-12', expected: false },
  { op: 'ArnLike', values: ['arn:aws:s3:::a', 'arn:aws:s3:::b'], context: 'arn:aws:s3:::b', expected: true },
  // Each part is matched on its own: a wildcard does not cross the first five colons.
  { op: 'ArnLike', values: GUIDE_PATTERN, context: GUIDE_VALUE, expected: false },
  { op: 'StringLike', values: GUIDE_PATTERN, context: GUIDE_VALUE, expected: true },
  {
    op: 'ArnLike',
    values: 'arn:aws:sns:*:*:topic',
    context: 'arn:aws:sns:us-east-1:123456789012:topic',
    expected: true,
  },
  // …but spans colons and slashes within the resource part.
  {
    op: 'ArnLike',
    values: 'arn:aws:logs:*:*:log-group:*',
    context: 'arn:aws:logs:us-east-1:1:log-group:a:log-stream:b',
    expected: true,
  },
  // Case-sensitive.
  { op: 'ArnEquals', values: 'arn:aws:iam::123456789012:user/Alice', context: ALICE, expected: false },
  { op: 'ArnLike', values: 'arn:aws:IAM::*:user/*', context: ALICE, expected: false },
  { op: 'ArnNotEquals', values: ALICE, context: ALICE, expected: false },
  { op: 'ArnNotEquals', values: ALICE, context: 'arn:aws:iam::123456789012:user/bob', expected: true },
  {
    op: 'ArnNotLike',
    values: ['arn:aws:iam::*:role/a', 'arn:aws:iam::*:user/*'],
    context: ALICE,
    expected: false,
  },
  { op: 'ArnNotLike', values: 'arn:aws:iam::*:role/*', context: ALICE, expected: true },
  // The lone * matches any ARN, and only ARNs.
  { op: 'ArnLike', values: '*', context: 'arn:aws:s3:::bucket', expected: true },
  { op: 'ArnLike', values: '*', context: 'bucket', expected: false },
  { op: 'ArnNotLike', values: '*', context: ALICE, expected: false },
  // A context value that is not an ARN matches no policy value.
  { op: 'ArnLike', values: 'arn:*:*:*:*:*', context: 'bucket', expected: false },
  { op: 'ArnLike', values: 'arn:*:*:*:*:*', context: 'arn:aws:s3', expected: false },
  { op: 'ArnLike', values: 'arn:*:*:*:*:*', context: '', expected: false },
  { op: 'ArnNotLike', values: 'arn:aws:iam::*:role/role-name', context: 'boop', expected: true },
  // Policy variables.
  {
    op: 'ArnEquals',
    values: 'arn:aws:iam::*:user/${aws:username}',
    context: ALICE,
    extra: USER,
    expected: true,
  },
  {
    op: 'ArnEquals',
    values: 'arn:aws:iam::*:user/${aws:username}',
    context: ALICE,
    extra: { 'aws:username': 'bob' },
    expected: false,
  },
  {
    op: 'ArnLike',
    values: "arn:aws:iam::*:user/${aws:PrincipalTag/owner, 'alice'}",
    context: ALICE,
    expected: true,
  },
  {
    op: 'ArnLike',
    values: 'arn:aws:iam::*:user/${aws:username}',
    context: 'arn:aws:iam::1:user/alicexyz',
    extra: { 'aws:username': 'alice*' },
    expected: false,
  },
  { op: 'ArnLike', values: 'arn:aws:s3:::b/${*}', context: 'arn:aws:s3:::b/*', expected: true },
  { op: 'ArnLike', values: 'arn:aws:s3:::b/${*}', context: 'arn:aws:s3:::b/x', expected: false },
  {
    op: 'ArnEquals',
    values: 'arn:aws:iam::*:user/${aws:username}',
    context: ALICE,
    extra: USER,
    variables: false,
    expected: false,
  },
  // Multivalued keys.
  { op: 'ArnLike', values: '*', context: [ALICE, 'arn:aws:s3:::b'], expected: false },
  {
    op: 'ForAllValues:ArnLike',
    values: 'arn:aws:iam::*:*',
    context: [ALICE, 'arn:aws:iam::1:role/r'],
    expected: true,
  },
  {
    op: 'ForAllValues:ArnLike',
    values: 'arn:aws:iam::*:*',
    context: [ALICE, 'arn:aws:s3:::b'],
    expected: false,
  },
  { op: 'ForAnyValue:ArnNotEquals', values: ALICE, context: [ALICE, 'arn:aws:s3:::b'], expected: true },
  {
    op: 'ForAnyValue:ArnEquals',
    values: 'arn:aws:s3:::b',
    context: [ALICE, 'arn:aws:s3:::b'],
    expected: true,
  },
  ...missingKeyRows('ArnLike', 'ArnNotLike', 'arn:aws:iam::*:user/*'),
  ...missingKeyRows('ArnEquals', 'ArnNotEquals', ALICE),
];

describe('ARN operators', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  for (const value of [
    'not-an-arn',
    'arn:aws:s3',
    'arn:aws:s3::',
    'bucket/*',
    '**',
    'aws:iam::1:user/x',
    '',
  ]) {
    it(`rejects the policy value ${JSON.stringify(value)}`, () => {
      expect(() => ArnLike.compile(value, { variables: true })).toThrow(ConditionValueError);
      expect(() => compileClause(clauseOf('ArnEquals', KEY, value), true)).toThrow(ConditionClauseError);
    });
  }

  it('reports a malformed variable as invalid-variable', () => {
    let error: unknown;
    try {
      compileClause(clauseOf('ArnLike', KEY, 'arn:aws:iam::*:user/${aws:username'), true);
    } catch (e) {
      error = e;
    }
    expect((error as ConditionClauseError).issue.code).toBe('invalid-variable');
  });

  it('lists required variables', () => {
    expect(
      ArnEquals.compile('arn:aws:iam::*:user/${aws:username}', { variables: true }).requiredKeys,
    ).toEqual(['aws:username']);
    expect(ArnEquals.compile('*', { variables: true }).requiredKeys).toEqual([]);
  });
});
