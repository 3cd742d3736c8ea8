import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';
import { recoverPolicy } from './recover.js';

describe('linting a document the parser rejected', () => {
  const text = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam: EnableMFADevice', 'iam:GetUser', 'iam:GetUser'], Resource: '*' },
        {
          Effect: 'Deny',
          NotAction: 'iam:*',
          Resource: 'arn:aws:iam::ACCOUNT-ID:user/x',
          Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } },
        },
      ],
    },
    null,
    2,
  );

  it('still runs every rule on what it can read', () => {
    const codes = lint(text).map((f) => f.code);
    expect(codes).toEqual([
      'action-whitespace',
      'duplicate-action',
      'placeholder-account-id',
      'mfa-null-check',
    ]);
  });

  it('leaves out the values the parser rejected, so they are reported once', () => {
    expect(withCode(lint(text), 'unknown-action')).toEqual([]);
    expect(withCode(lint(text), 'action-whitespace')).toEqual([
      expect.objectContaining(locate(text, '"iam: EnableMFADevice"')),
    ]);
  });

  it('keeps positions and the statement structure', () => {
    const policy = recoverPolicy(text, new Set([text.indexOf('"iam: EnableMFADevice"')]));
    expect(policy?.statements.map((s) => s.effect)).toEqual(['Allow', 'Deny']);
    expect(policy?.statements[0]?.action.values.map((v) => v.value)).toEqual(['iam:GetUser', 'iam:GetUser']);
    expect(policy?.statements[1]?.conditions[0]?.key.span.start).toMatchObject(
      locate(text, '"aws:MultiFactorAuthAge"'),
    );
  });

  it('reads a missing Version as 2008-10-17 and skips statements without an Effect', () => {
    const policy = recoverPolicy(
      JSON.stringify({ Statement: [{ Action: 'x' }, statementPolicy({})] }),
      new Set(),
    );
    expect(policy?.version).toBe('2008-10-17');
    expect(policy?.versionGiven).toBe(false);
    expect(policy?.statements).toHaveLength(0);
  });

  it('gives up on text that is not a JSON object', () => {
    expect(recoverPolicy('[1, 2]', new Set())).toBeUndefined();
    expect(new Set(lint('not json').map((f) => f.code))).toEqual(new Set(['json-syntax']));
  });
});
