import { describe, expect, it } from 'vitest';
import { lint, locate, withCode } from '../../../test/support/lint.js';

const allowEnable = (extra: object = {}) => ({
  Effect: 'Allow',
  Action: ['iam:ListMFADevices', 'iam:EnableMFADevice', 'iam:ResyncMFADevice'],
  Resource: 'arn:aws:iam::*:user/${aws:username}',
  ...extra,
});
const denyWithoutMfa = (notAction: string[], operator = 'BoolIfExists') => ({
  Effect: 'Deny',
  NotAction: notAction,
  Resource: '*',
  Condition: { [operator]: { 'aws:MultiFactorAuthPresent': 'false' } },
});
const textOf = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

describe('the enrolment loophole', () => {
  it('is a security warning at the action when a Force-MFA deny spares iam:EnableMFADevice', () => {
    const text = textOf(allowEnable(), denyWithoutMfa(['iam:EnableMFADevice', 'iam:ListMFADevices']));
    const found = withCode(lint(text), 'mfa-enrolment-without-mfa');
    expect(found).toEqual([
      expect.objectContaining({ severity: 'security-warning', ...locate(text, '"iam:EnableMFADevice"') }),
    ]);
    expect(found[0]?.message).toContain('leaked long-term access key');
    expect(found[0]?.message).toContain('no condition key for "no MFA device yet"');
  });

  it('is reported for a wildcard that covers it, and for an unconditioned allow alone', () => {
    const text = textOf({ Effect: 'Allow', Action: 'iam:*', Resource: '*' });
    expect(withCode(lint(text), 'mfa-enrolment-without-mfa')).toEqual([
      expect.objectContaining(locate(text, '"iam:*"')),
    ]);
  });

  it('is not reported when a deny covers it without MFA', () => {
    expect(
      withCode(
        lint(textOf(allowEnable(), denyWithoutMfa(['sts:GetSessionToken']))),
        'mfa-enrolment-without-mfa',
      ),
    ).toEqual([]);
  });

  it('is not reported when the allow itself requires MFA', () => {
    const text = textOf(allowEnable({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
    expect(withCode(lint(text), 'mfa-enrolment-without-mfa')).toEqual([]);
  });

  it('names only the stolen-password path when long-term keys are denied', () => {
    const denyKeys = {
      Effect: 'Deny',
      Action: 'iam:EnableMFADevice',
      Resource: '*',
      Condition: { Null: { 'aws:TokenIssueTime': 'true' } },
    };
    const found = withCode(lint(textOf(allowEnable(), denyKeys)), 'mfa-enrolment-without-mfa');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).not.toContain('access key');
    expect(found[0]?.message).toContain('stolen password');
  });

  it('counts a Bool (not IfExists) deny as leaving long-term keys open', () => {
    const found = withCode(
      lint(textOf(allowEnable(), denyWithoutMfa(['sts:GetSessionToken'], 'Bool'))),
      'mfa-enrolment-without-mfa',
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('leaked long-term access key');
    expect(found[0]?.message).not.toContain('stolen password');
  });

  it('does not report CreateVirtualMFADevice or ResyncMFADevice alone', () => {
    const text = textOf({
      Effect: 'Allow',
      Action: ['iam:CreateVirtualMFADevice', 'iam:ResyncMFADevice'],
      Resource: '*',
    });
    expect(lint(text)).toEqual([]);
  });
});
