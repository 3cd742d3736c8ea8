import { catalogFrom } from '../../src/catalog/action-catalog.js';
import type { PolicyKind } from '../../src/policy/ast.js';
import { lintPolicy, type LintFinding } from '../../src/policy/lint/index.js';

/**
 * A small hand-written catalog for the linter's unit tests, so that they do not depend on the
 * daily-updated AWS data (test/lint uses the real one), and helpers to lint and locate text.
 */
export const testCatalog = catalogFrom({
  services: {
    iam: {
      actions: [
        'ChangePassword',
        'CreateVirtualMFADevice',
        'DeactivateMFADevice',
        'EnableMFADevice',
        'GetUser',
        'ListMFADevices',
        'ListUsers',
        'ResyncMFADevice',
      ],
      conditionKeys: [{ name: 'iam:PassedToService', type: 'String' }],
    },
    sts: { actions: ['GetSessionToken'], conditionKeys: [] },
    ec2: {
      actions: ['DescribeInstances', 'RunInstances', 'TerminateInstances'],
      conditionKeys: [{ name: 'ec2:ResourceTag/${TagKey}', type: 'String' }],
    },
    s3: { actions: ['GetObject', 'ListBucket'], conditionKeys: [{ name: 's3:prefix', type: 'String' }] },
  },
  globalConditionKeys: [
    { name: 'aws:MultiFactorAuthPresent', type: 'Bool' },
    { name: 'aws:MultiFactorAuthAge', type: 'Numeric' },
    { name: 'aws:TokenIssueTime', type: 'Date' },
    { name: 'aws:CurrentTime', type: 'Date' },
    { name: 'aws:SourceIp', type: 'IPAddress' },
    { name: 'aws:SecureTransport', type: 'Bool' },
    { name: 'aws:username', type: 'String' },
    { name: 'aws:SourceAccount', type: 'String' },
    { name: 'aws:PrincipalArn', type: 'ARN' },
    { name: 'aws:PrincipalTag/tag-key', type: 'String' },
    { name: 'aws:TagKeys', type: 'ArrayOfString' },
    { name: 'aws:CalledVia', type: 'ArrayOfString' },
  ],
});

/** Lints a policy (an object is written as indented JSON) with the test catalog. */
export function lint(document: object | string, kind: PolicyKind = 'managed'): LintFinding[] {
  const text = typeof document === 'string' ? document : JSON.stringify(document, null, 2);
  return lintPolicy(text, { catalog: testCatalog, kind });
}

/** The findings with one code. */
export function withCode(findings: readonly LintFinding[], code: string): LintFinding[] {
  return findings.filter((f) => f.code === code);
}

/** The 1-based line and column where `needle` occurs in `text` (its `nth` occurrence, from 1). */
export function locate(text: string, needle: string, nth = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`'${needle}' occurs fewer than ${nth} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** A one-statement identity policy around the given statement fields. */
/** `version` null leaves Version out. */
export function statementPolicy(statement: object, version: string | null = '2012-10-17'): object {
  const body = { Effect: 'Allow', Resource: '*', ...statement };
  return version === null ? { Statement: [body] } : { Version: version, Statement: [body] };
}
