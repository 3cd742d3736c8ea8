import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

const textOf = (effect: string, condition: object) =>
  JSON.stringify(
    statementPolicy({ Effect: effect, Action: 'ec2:RunInstances', Condition: condition }),
    null,
    2,
  );

describe('set operator rules', () => {
  it('ForAllValues on a single-valued key is a security warning in an Allow, at the operator', () => {
    const text = textOf('Allow', { 'ForAllValues:StringEquals': { 'aws:username': 'alice' } });
    const found = withCode(lint(text), 'set-operator-single-valued-key');
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'security-warning',
        ...locate(text, '"ForAllValues:StringEquals"'),
      }),
    ]);
    expect(found[0]?.message).toContain("'StringEquals'");
  });

  it('ForAllValues on a single-valued key is a warning in a Deny', () => {
    const text = textOf('Deny', { 'ForAllValues:StringLike': { 'aws:PrincipalTag/team': 'ops*' } });
    expect(withCode(lint(text), 'set-operator-single-valued-key')).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
  });

  it('ForAnyValue on a single-valued key is a suggestion', () => {
    const text = textOf('Allow', { 'ForAnyValue:Bool': { 'aws:SecureTransport': 'true' } });
    expect(withCode(lint(text), 'set-operator-single-valued-key')).toEqual([
      expect.objectContaining({ severity: 'suggestion' }),
    ]);
  });

  it('a multivalued key without a set operator is a warning', () => {
    const text = textOf('Allow', { StringEquals: { 'aws:TagKeys': ['team', 'env'] } });
    expect(withCode(lint(text), 'missing-set-operator')).toEqual([
      expect.objectContaining({ severity: 'warning', ...locate(text, '"StringEquals"') }),
    ]);
  });

  it('accepts set operators on multivalued keys, plain ones on single-valued keys, and unknown keys', () => {
    expect(lint(textOf('Allow', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }))).toEqual([]);
    expect(lint(textOf('Allow', { StringEquals: { 'aws:username': 'alice' } }))).toEqual([]);
    expect(lint(textOf('Allow', { 'ForAllValues:StringEquals': { 'saml:aud': 'x' } }))).toEqual([]);
    expect(lint(textOf('Allow', { Null: { 'aws:TagKeys': 'false' } }))).toEqual([]);
  });
});
