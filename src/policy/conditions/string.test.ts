import { describe, expect, it } from 'vitest';
import { compileClause, ConditionClauseError } from './clause.js';
import { StringEquals, StringLike } from './string.js';
import {
  clauseOf,
  contextOf,
  describeRow,
  evaluateRow,
  KEY,
  missingKeyRows,
  type Row,
} from '../../../test/support/conditions.js';

const USER = { 'aws:username': 'alice' };

const rows: Row[] = [
  // Matching and non-matching, case sensitivity.
  { op: 'StringEquals', values: 'alice', context: 'alice', expected: true },
  { op: 'StringEquals', values: 'alice', context: 'Alice', expected: false },
  { op: 'StringEquals', values: 'alice', context: 'alic', expected: false },
  { op: 'StringEquals', values: 'alice', context: 'alice ', expected: false },
  { op: 'StringEquals', values: ['bob', 'alice'], context: 'alice', expected: true },
  { op: 'StringEquals', values: ['bob', 'carol'], context: 'alice', expected: false },
  { op: 'StringEquals', values: '', context: '', expected: true },
  { op: 'StringNotEquals', values: ['bob', 'alice'], context: 'alice', expected: false },
  { op: 'StringNotEquals', values: ['bob', 'carol'], context: 'alice', expected: true },
  { op: 'StringNotEquals', values: 'alice', context: 'Alice', expected: true },
  { op: 'StringEqualsIgnoreCase', values: 'Alice', context: 'aLICE', expected: true },
  { op: 'StringEqualsIgnoreCase', values: 'Alice', context: 'bob', expected: false },
  { op: 'StringNotEqualsIgnoreCase', values: 'Alice', context: 'ALICE', expected: false },
  { op: 'StringNotEqualsIgnoreCase', values: 'Alice', context: 'bob', expected: true },
  // Wildcards: only the Like operators have them.
  { op: 'StringLike', values: 'home/*', context: 'home/alice/notes.txt', expected: true },
  { op: 'StringLike', values: 'home/*', context: 'house/alice', expected: false },
  { op: 'StringLike', values: 'Home/*', context: 'home/alice', expected: false },
  { op: 'StringLike', values: 'a?c', context: 'abc', expected: true },
  { op: 'StringLike', values: 'a?c', context: 'ac', expected: false },
  { op: 'StringLike', values: 'a?c', context: 'abbc', expected: false },
  { op: 'StringLike', values: '*', context: '', expected: true },
  { op: 'StringLike', values: ['', 'home/'], context: '', expected: true },
  { op: 'StringNotLike', values: 'home/*', context: 'home/alice', expected: false },
  { op: 'StringNotLike', values: ['home/*', 'tmp/*'], context: 'etc/passwd', expected: true },
  { op: 'StringEquals', values: 'a*', context: 'abc', expected: false },
  { op: 'StringEquals', values: 'a*', context: 'a*', expected: true },
  { op: 'StringEquals', values: 'a?', context: 'ab', expected: false },
  { op: 'StringEqualsIgnoreCase', values: 'A*', context: 'a*', expected: true },
  // IfExists with the key present behaves like the operator.
  { op: 'StringEqualsIfExists', values: 'a', context: 'a', expected: true },
  { op: 'StringEqualsIfExists', values: 'a', context: 'b', expected: false },
  { op: 'StringNotLikeIfExists', values: 'a*', context: 'abc', expected: false },
  // Policy variables.
  { op: 'StringEquals', values: '${aws:username}', context: 'alice', extra: USER, expected: true },
  { op: 'StringEquals', values: '${aws:username}', context: 'bob', extra: USER, expected: false },
  { op: 'StringEquals', values: '${AWS:UserName}', context: 'alice', extra: USER, expected: true },
  { op: 'StringNotEquals', values: '${aws:username}', context: 'bob', extra: USER, expected: true },
  { op: 'StringEqualsIgnoreCase', values: '${aws:username}', context: 'ALICE', extra: USER, expected: true },
  {
    op: 'StringLike',
    values: 'home/${aws:username}/*',
    context: 'home/alice/docs',
    extra: USER,
    expected: true,
  },
  {
    op: 'StringLike',
    values: 'home/${aws:username}/*',
    context: 'home/bob/docs',
    extra: USER,
    expected: false,
  },
  // A variable's value is literal text, never a wildcard.
  {
    op: 'StringLike',
    values: 'home/${aws:username}',
    context: 'home/abc',
    extra: { 'aws:username': 'a*' },
    expected: false,
  },
  {
    op: 'StringLike',
    values: 'home/${aws:username}',
    context: 'home/a*',
    extra: { 'aws:username': 'a*' },
    expected: true,
  },
  // Defaults: used when the key is missing, ignored when it is present.
  { op: 'StringEquals', values: "${aws:PrincipalTag/team, 'x'}", context: 'x', expected: true },
  { op: 'StringEquals', values: "${aws:PrincipalTag/team, 'x'}", context: 'eng', expected: false },
  {
    op: 'StringEquals',
    values: "${aws:PrincipalTag/team, 'x'}",
    context: 'eng',
    extra: { 'aws:PrincipalTag/team': 'eng' },
    expected: true,
  },
  {
    op: 'StringEquals',
    values: "${aws:PrincipalTag/team, 'x'}",
    context: 'x',
    extra: { 'aws:PrincipalTag/team': 'eng' },
    expected: false,
  },
  // ${*}, ${?} and ${$} are the literal characters, also in Like.
  { op: 'StringEquals', values: 'a${*}', context: 'a*', expected: true },
  { op: 'StringLike', values: 'a${*}', context: 'abc', expected: false },
  { op: 'StringLike', values: 'a${*}', context: 'a*', expected: true },
  { op: 'StringLike', values: '${?}*', context: '?x', expected: true },
  { op: 'StringLike', values: '${?}*', context: 'xx', expected: false },
  { op: 'StringEquals', values: '${$}{x}', context: '${x}', expected: true },
  // Without variables (Version 2008-10-17) `${…}` is plain text.
  {
    op: 'StringEquals',
    values: '${aws:username}',
    context: '${aws:username}',
    extra: USER,
    variables: false,
    expected: true,
  },
  {
    op: 'StringEquals',
    values: '${aws:username}',
    context: 'alice',
    extra: USER,
    variables: false,
    expected: false,
  },
  { op: 'StringLike', values: 'a${*}', context: 'a${b}', variables: false, expected: true },
  // Multivalued keys.
  { op: 'StringEquals', values: 'a', context: ['a'], expected: true },
  { op: 'StringEquals', values: 'a', context: ['a', 'b'], expected: false },
  { op: 'StringNotEquals', values: 'z', context: ['a', 'b'], expected: false },
  { op: 'StringLikeIfExists', values: '*', context: ['a', 'b'], expected: false },
  { op: 'ForAnyValue:StringEquals', values: 'a', context: ['a', 'b'], expected: true },
  { op: 'ForAnyValue:StringEquals', values: 'c', context: ['a', 'b'], expected: false },
  { op: 'ForAllValues:StringEquals', values: ['a', 'b', 'c'], context: ['a', 'b'], expected: true },
  { op: 'ForAllValues:StringEquals', values: 'a', context: ['a', 'b'], expected: false },
  { op: 'ForAllValues:StringLike', values: 'Created*', context: ['CreatedBy', 'CreatedAt'], expected: true },
  { op: 'ForAnyValue:StringNotEquals', values: 'a', context: ['a', 'b'], expected: true },
  { op: 'ForAnyValue:StringNotEquals', values: ['a', 'b'], context: ['a', 'b'], expected: false },
  { op: 'ForAllValues:StringNotEquals', values: 'c', context: ['a', 'b'], expected: true },
  { op: 'ForAllValues:StringNotEquals', values: 'a', context: ['a', 'b'], expected: false },
  { op: 'ForAllValues:StringEqualsIgnoreCase', values: ['a', 'b'], context: ['A', 'B'], expected: true },
  // A single value is a one-element set; an empty list or empty string is an empty set.
  { op: 'ForAllValues:StringEquals', values: 'a', context: 'a', expected: true },
  { op: 'ForAllValues:StringEquals', values: 'a', context: 'b', expected: false },
  { op: 'ForAnyValue:StringEquals', values: 'a', context: 'a', expected: true },
  { op: 'ForAllValues:StringEquals', values: 'a', context: [], expected: true },
  { op: 'ForAnyValue:StringEquals', values: 'a', context: [], expected: false },
  { op: 'StringEquals', values: 'a', context: [], expected: false },
  { op: 'StringNotEquals', values: 'a', context: [], expected: true },
  { op: 'ForAnyValue:StringLike', values: '*', context: '', expected: false },
  { op: 'ForAllValues:StringEquals', values: 'x', context: '', expected: true },
  { op: 'StringLike', values: '*', context: '', expected: true },
  ...missingKeyRows('StringEquals', 'StringNotEquals', 'a'),
  ...missingKeyRows('StringLike', 'StringNotLike', '*'),
  ...missingKeyRows('StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'a'),
];

describe('String operators', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  it('reports a malformed policy variable at the value', () => {
    const clause = clauseOf('StringEquals', KEY, ['ok', '${aws:username']);
    expect(() => compileClause(clause, true)).toThrow(ConditionClauseError);
    try {
      compileClause(clause, true);
    } catch (e) {
      expect((e as ConditionClauseError).issue.code).toBe('invalid-variable');
      expect((e as ConditionClauseError).issue.span).toBe(clause.values[1]?.span);
    }
    // Without variables the same text is an ordinary string.
    expect(compileClause(clause, false).test(contextOf({ [KEY]: '${aws:username' }))).toBe(true);
  });

  it('lists the variables without a default as required keys', () => {
    expect(
      StringEquals.compile('${aws:username}-${aws:PrincipalTag/Team}', { variables: true }).requiredKeys,
    ).toEqual(['aws:username', 'aws:principaltag/team']);
    expect(StringLike.compile("${aws:PrincipalTag/team, 'x'}/*", { variables: true }).requiredKeys).toEqual(
      [],
    );
    expect(StringLike.compile('${aws:username}/*', { variables: false }).requiredKeys).toEqual([]);
  });

  it('accepts variables and has the negation AWS documents', () => {
    expect(StringEquals.acceptsVariables).toBe(true);
    expect(StringEquals.negated).toBe(false);
    expect(StringLike.negated).toBe(false);
  });
});
