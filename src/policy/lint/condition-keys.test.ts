import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

const textOf = (condition: object) =>
  JSON.stringify(statementPolicy({ Action: 'ec2:RunInstances', Condition: condition }), null, 2);

describe('condition key rules', () => {
  it('warns about an unknown aws: key, at the key', () => {
    const text = textOf({ Bool: { 'aws:MultiFactorAuthPresnt': 'true' } });
    expect(withCode(lint(text), 'unknown-condition-key')).toEqual([
      expect.objectContaining({ severity: 'warning', ...locate(text, '"aws:MultiFactorAuthPresnt"') }),
    ]);
  });

  it('warns about an unknown key of a known service, not of other prefixes', () => {
    expect(
      withCode(lint(textOf({ StringEquals: { 'ec2:Colour': 'red' } })), 'unknown-condition-key'),
    ).toHaveLength(1);
    expect(lint(textOf({ StringEquals: { 'accounts.google.com:aud': 'x' } }))).toEqual([]);
  });

  it('matches keys with a variable part', () => {
    expect(
      lint(textOf({ StringEquals: { 'ec2:ResourceTag/Team': 'ops', 'aws:PrincipalTag/Team': 'ops' } })),
    ).toEqual([]);
  });

  it.each([
    [{ StringEquals: { 'aws:MultiFactorAuthPresent': 'true' } }, 'StringEquals', 'Bool'],
    [{ NumericLessThan: { 'aws:CurrentTime': '5' } }, 'NumericLessThan', 'Date'],
    [{ DateGreaterThan: { 'aws:MultiFactorAuthAge': '2020-01-01' } }, 'DateGreaterThan', 'Numeric'],
    [{ ArnLike: { 'aws:SourceIp': 'arn:aws:iam::*:*' } }, 'ArnLike', 'IPAddress'],
  ])('warns about an operator of the wrong type: %j', (condition, operator, type) => {
    const text = textOf(condition);
    const found = withCode(lint(text), 'condition-type-mismatch');
    expect(found).toEqual([
      expect.objectContaining({ severity: 'warning', ...locate(text, `"${operator}"`) }),
    ]);
    expect(found[0]?.message).toContain(`a ${type} key`);
  });

  it('accepts matching types, String operators on ARN keys and Null on anything', () => {
    expect(
      lint(
        textOf({
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
          IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
          StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops-*' },
          Null: { 'aws:SourceIp': 'false' },
        }),
      ),
    ).toEqual([]);
  });
});
