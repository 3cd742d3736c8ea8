import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

describe('grammar findings', () => {
  it('reports a JSON syntax error as an error at its position', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}';
    const [found] = lint(text);
    expect(found).toMatchObject({ severity: 'error', code: 'json-syntax', line: 4, column: 24 });
    expect(found?.message).toContain('trailing comma');
  });

  it('gives whitespace inside an action its own code, at the value', () => {
    const text = JSON.stringify(
      statementPolicy({ Action: ['iam:GetUser', 'iam: EnableMFADevice'] }),
      null,
      2,
    );
    const found = withCode(lint(text), 'action-whitespace');
    expect(found).toEqual([
      expect.objectContaining({ severity: 'error', ...locate(text, '"iam: EnableMFADevice"') }),
    ]);
    expect(found[0]?.message).toContain("'iam:EnableMFADevice'");
  });

  it('keeps invalid-action for other malformed actions', () => {
    const found = lint(statementPolicy({ Action: 'GetUser' }));
    expect(found.map((f) => f.code)).toEqual(['invalid-action']);
  });

  it.each([
    ['DateGreaterThan', 'aws:CurrentTime', 'next tuesday'],
    ['IpAddress', 'aws:SourceIp', 'office'],
    ['Bool', 'aws:SecureTransport', 'yes'],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', 'an hour'],
  ])('reports a value %s cannot read (%s: %s) at the value', (operator, key, value) => {
    const text = JSON.stringify(
      statementPolicy({ Action: 'ec2:DescribeInstances', Condition: { [operator]: { [key]: value } } }),
      null,
      2,
    );
    const found = withCode(lint(text), 'invalid-condition-value');
    expect(found).toEqual([expect.objectContaining({ severity: 'error', ...locate(text, `"${value}"`) })]);
  });

  it('reports nothing for a well-formed policy', () => {
    expect(lint(statementPolicy({ Action: 'ec2:DescribeInstances' }))).toEqual([]);
  });
});
