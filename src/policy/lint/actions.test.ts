import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

const textOf = (actions: string[], element = 'Action') =>
  JSON.stringify(statementPolicy({ [element]: actions }), null, 2);

describe('action rules', () => {
  it('reports an unknown service as an error at the action', () => {
    const text = textOf(['iam:GetUser', 'iamx:GetUser']);
    expect(withCode(lint(text), 'unknown-service')).toEqual([
      expect.objectContaining({ severity: 'error', ...locate(text, '"iamx:GetUser"') }),
    ]);
  });

  it('reports an unknown action, and a wildcard that matches none, as warnings', () => {
    const text = textOf(['iam:GetUsers', 'iam:Frobnicate*', 'iam:Get*', 'ec2:*']);
    const found = withCode(lint(text), 'unknown-action');
    expect(found.map((f) => [f.severity, f.line, f.column])).toEqual([
      ['warning', locate(text, '"iam:GetUsers"').line, locate(text, '"iam:GetUsers"').column],
      ['warning', locate(text, '"iam:Frobnicate*"').line, locate(text, '"iam:Frobnicate*"').column],
    ]);
  });

  it('suggests AWS spelling for actions written in another case', () => {
    const text = textOf(['IAM:GetUser', 'iam:enablemfadevice', 'IAM:Get*', 'iam:GetUser']);
    const found = withCode(lint(text), 'action-case');
    expect(found.map((f) => f.severity)).toEqual(['suggestion', 'suggestion', 'suggestion']);
    expect(found[0]?.message).toContain("write 'iam:GetUser'");
    expect(found[1]?.message).toContain("write 'iam:EnableMFADevice'");
    expect(found[2]?.message).toContain("write 'iam:Get*'");
  });

  it('reports a repeated action at the repeat, naming the first', () => {
    const text = textOf(['iam:GetUser', 'sts:GetSessionToken', 'iam:getuser'], 'NotAction');
    const found = withCode(lint(text), 'duplicate-action');
    expect(found).toEqual([
      expect.objectContaining({ severity: 'warning', ...locate(text, '"iam:getuser"') }),
    ]);
    expect(found[0]?.message).toContain(`line ${locate(text, '"iam:GetUser"').line}`);
    expect(found[0]?.message).toContain('NotAction');
  });

  it('suggests removing an action a wildcard of the same list covers', () => {
    const text = textOf(['iam:*', 'iam:GetUser']);
    expect(withCode(lint(text), 'redundant-action')).toEqual([
      expect.objectContaining({ severity: 'suggestion', ...locate(text, '"iam:GetUser"') }),
    ]);
  });

  it('accepts well-spelt actions, wildcards and *', () => {
    expect(lint(textOf(['iam:GetUser', 'ec2:Describe*', 'sts:GetSessionToken']))).toEqual([]);
    // `*` is fine as an action; only the enrolment rule has something to say about granting it.
    expect(lint(textOf(['*'])).map((f) => f.code)).toEqual(['mfa-enrolment-without-mfa']);
  });
});
