import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

const textOf = (condition: object, version = '2012-10-17') =>
  JSON.stringify(statementPolicy({ Action: 'ec2:RunInstances', Condition: condition }, version), null, 2);

describe('wildcards without a Like operator', () => {
  it.each(['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'])(
    'are a warning with %s, at the value',
    (operator) => {
      const text = textOf({ [operator]: { 'aws:username': ['alice', 'admin-*'] } });
      const found = withCode(lint(text), 'wildcard-without-like');
      expect(found).toEqual([expect.objectContaining({ severity: 'warning', ...locate(text, '"admin-*"') })]);
      expect(found[0]?.message).toMatch(/Use String(Not)?Like/);
    },
  );

  it('covers ?', () => {
    expect(
      withCode(lint(textOf({ StringEquals: { 'aws:username': 'user?' } })), 'wildcard-without-like'),
    ).toHaveLength(1);
  });

  it('are fine with StringLike, Arn operators, and the ${*} escape', () => {
    expect(lint(textOf({ StringLike: { 'aws:username': 'admin-*' } }))).toEqual([]);
    expect(lint(textOf({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } }))).toEqual([]);
    expect(lint(textOf({ StringEquals: { 'aws:username': 'star-${*}' } }))).toEqual([]);
  });
});
