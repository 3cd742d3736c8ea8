import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

const textOf = (statement: object) =>
  JSON.stringify(statementPolicy({ Action: 'iam:GetUser', ...statement }), null, 2);

describe('placeholder rules', () => {
  it.each([
    'arn:aws:iam::ACCOUNT-ID-WITHOUT-HYPHENS:user/*',
    'arn:aws:iam::accountid:user/${aws:username}',
    'arn:aws:iam::AccountNumber:user/alice',
    'arn:aws:iam::account-id:mfa/alice',
    'arn:aws:iam::xxxxxxxxxxxx:user/alice',
  ])('reports the placeholder account in %s as an error at the value', (arn) => {
    const text = textOf({ Resource: ['*', arn] });
    const found = withCode(lint(text), 'placeholder-account-id');
    expect(found).toEqual([
      expect.objectContaining({ severity: 'error', ...locate(text, JSON.stringify(arn)) }),
    ]);
    expect(found[0]?.message).toContain('12-digit');
  });

  it('reports <…> placeholders anywhere in a value', () => {
    const text = textOf({
      Resource: 'arn:aws:s3:::<bucket-name>/*',
      Condition: { StringEquals: { 'aws:username': '<user>' } },
    });
    const found = withCode(lint(text), 'placeholder-text');
    expect(found.map((f) => [f.line, f.column])).toEqual([
      Object.values(locate(text, '"arn:aws:s3:::<bucket-name>/*"')),
      Object.values(locate(text, '"<user>"')),
    ]);
  });

  it('checks values of account keys in conditions', () => {
    const text = textOf({ Condition: { StringEquals: { 'aws:SourceAccount': 'YOUR-ACCOUNT-ID' } } });
    expect(withCode(lint(text), 'placeholder-account-id')).toEqual([
      expect.objectContaining(locate(text, '"YOUR-ACCOUNT-ID"')),
    ]);
  });

  it('warns about an account ID written with hyphens', () => {
    const text = textOf({ Resource: 'arn:aws:iam::1234-5678-9012:user/alice' });
    const found = withCode(lint(text), 'account-id-format');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(found[0]?.message).toContain("'123456789012'");
  });

  it.each([
    'arn:aws:iam::123456789012:user/alice',
    'arn:aws:iam::*:user/${aws:username}',
    'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
    'arn:aws:s3:::my-bucket/*',
    'arn:aws:iam::${aws:PrincipalAccount}:user/alice',
    'arn:aws:iam::1234567890??:user/alice',
    '*',
  ])('accepts %s', (resource) => {
    expect(lint(textOf({ Resource: resource }))).toEqual([]);
  });
});
