import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

const textOf = (effect: 'Allow' | 'Deny', condition: object, action: object = { NotAction: 'iam:*' }) =>
  JSON.stringify(statementPolicy({ Effect: effect, ...action, Condition: condition }), null, 2);

describe('MFA condition rules', () => {
  describe('Bool "false" on aws:MultiFactorAuthPresent', () => {
    it('is a security warning in a Deny (long-term keys get through), at the operator', () => {
      const text = textOf('Deny', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } });
      const found = withCode(lint(text), 'mfa-bool-without-if-exists');
      expect(found).toEqual([
        expect.objectContaining({ severity: 'security-warning', ...locate(text, '"Bool"') }),
      ]);
      expect(found[0]?.message).toContain('"BoolIfExists"');
      expect(found[0]?.message).toContain('long-term access keys');
    });

    it('reads a JSON false like the string', () => {
      const text = textOf('Deny', { Bool: { 'aws:MultiFactorAuthPresent': false } });
      expect(withCode(lint(text), 'mfa-bool-without-if-exists')).toHaveLength(1);
    });

    it('is a warning in an Allow', () => {
      const text = textOf(
        'Allow',
        { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        { Action: 'ec2:DescribeInstances' },
      );
      expect(withCode(lint(text), 'mfa-bool-without-if-exists')).toEqual([
        expect.objectContaining({ severity: 'warning' }),
      ]);
    });

    it('is not reported for BoolIfExists "false" in a Deny, or Bool "true" in an Allow', () => {
      expect(lint(textOf('Deny', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }))).toEqual([]);
      const allow = textOf(
        'Allow',
        { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        { Action: 'ec2:DescribeInstances' },
      );
      expect(lint(allow)).toEqual([]);
    });
  });

  describe('…IfExists in an Allow that tests for MFA', () => {
    it.each([
      [{ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, 'BoolIfExists'],
      [{ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }, 'NumericLessThanIfExists'],
    ])('is a security warning: %j', (condition, operator) => {
      const text = textOf('Allow', condition, { Action: 'ec2:DescribeInstances' });
      expect(withCode(lint(text), 'mfa-if-exists-allow')).toEqual([
        expect.objectContaining({ severity: 'security-warning', ...locate(text, `"${operator}"`) }),
      ]);
    });

    it('is not reported for BoolIfExists "false" (an Allow meant for sessions without MFA)', () => {
      const text = textOf(
        'Allow',
        { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        { Action: 'ec2:DescribeInstances' },
      );
      expect(withCode(lint(text), 'mfa-if-exists-allow')).toEqual([]);
    });
  });

  describe('Null on the MFA keys', () => {
    it('is a warning on aws:MultiFactorAuthAge (seed 002), pointing at Null', () => {
      const text = textOf('Deny', { Null: { 'aws:MultiFactorAuthAge': 'true' } });
      const found = withCode(lint(text), 'mfa-null-check');
      expect(found).toEqual([expect.objectContaining({ severity: 'warning', ...locate(text, '"Null"') })]);
      expect(found[0]?.message).toContain('BoolIfExists');
    });

    it('is a security warning on aws:MultiFactorAuthPresent', () => {
      const text = textOf('Deny', { Null: { 'aws:MultiFactorAuthPresent': 'true' } });
      expect(withCode(lint(text), 'mfa-null-check')).toEqual([
        expect.objectContaining({ severity: 'security-warning' }),
      ]);
    });

    it('is not reported for Null on other keys', () => {
      expect(lint(textOf('Deny', { Null: { 'aws:TokenIssueTime': 'true' } }))).toEqual([]);
    });
  });
});
