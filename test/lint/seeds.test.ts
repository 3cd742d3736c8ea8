import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog } from '../../src/catalog/index.js';
import { lintPolicy, type ActionCatalog, type LintFinding } from '../../src/policy/lint/index.js';
import { policyFixture } from '../support/fixtures.js';
import { locate } from '../support/lint.js';

/**
 * The linter over every policy text of the seeds (test/fixtures/policies, as the policy-decision
 * tests read them) with AWS's real catalog: each defect the issue names is reported at its line and
 * column, and AWS's own recommended self-service policies give no error.
 */

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const lint = (text: string) => lintPolicy(text, { catalog, kind: 'managed' });
const positions = (findings: readonly LintFinding[], code: string) =>
  findings.filter((f) => f.code === code).map((f) => [f.line, f.column]);
const errors = (findings: readonly LintFinding[]) => findings.filter((f) => f.severity === 'error');

/** Seed 004 as printed: its fixture has the account filled in; the seed says `accountid`. */
const seed004AsPrinted = () => policyFixture('004-force-mfa').replaceAll('123456789012', 'accountid');

const SEED_TEXTS: readonly [string, () => string][] = [
  ['000', () => policyFixture('000-force-mfa')],
  ['001', () => policyFixture('001-enforce-mfa-console')],
  ['002', () => policyFixture('002-force-mfa')],
  ['003', () => policyFixture('003-require-mfa')],
  ['004', seed004AsPrinted],
];

describe('seed 002 (AWS Security Blog, 2015)', () => {
  const text = policyFixture('002-force-mfa');

  it('reports the space in "iam: EnableMFADevice" at the action', () => {
    const found = lint(text).filter((f) => f.code === 'action-whitespace');
    expect(found).toEqual([expect.objectContaining({ severity: 'error', line: 50, column: 9 })]);
    expect(found[0]?.message).toContain("'iam:EnableMFADevice'");
  });

  it('reports every ACCOUNT-ID-WITHOUT-HYPHENS left in place', () => {
    const found = lint(text);
    expect(positions(found, 'placeholder-account-id')).toEqual([
      [12, 17],
      [28, 17],
      [39, 17],
      [40, 17],
      [54, 9],
      [55, 9],
    ]);
    expect(found.find((f) => f.code === 'placeholder-account-id')?.severity).toBe('error');
  });

  it('reports Null on aws:MultiFactorAuthAge at the operator', () => {
    expect(lint(text).filter((f) => f.code === 'mfa-null-check')).toEqual([
      expect.objectContaining({ severity: 'warning', line: 64, column: 9 }),
    ]);
  });

  it('once the space is removed, reports the enrolment loophole at iam:EnableMFADevice', () => {
    const fixed = text.replace('iam: EnableMFADevice', 'iam:EnableMFADevice');
    expect(lint(fixed).filter((f) => f.code === 'mfa-enrolment-without-mfa')).toEqual([
      expect.objectContaining({ severity: 'security-warning', line: 50, column: 9 }),
    ]);
  });
});

describe('seed 001 (Bobcares)', () => {
  const text = policyFixture('001-enforce-mfa-console');

  it('reports the duplicated iam:GetUser in the NotAction list at the repeat', () => {
    const found = lint(text).filter((f) => f.code === 'duplicate-action');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', line: 101, column: 17 })]);
    expect({ line: 101, column: 17 }).toEqual(locate(text, '"iam:GetUser"', 3));
    expect(found[0]?.message).toContain('line 95, column 17');
  });

  it('reports the enrolment loophole and no error', () => {
    const found = lint(text);
    expect(errors(found)).toEqual([]);
    expect(positions(found, 'mfa-enrolment-without-mfa')).toEqual([[83, 17]]);
  });
});

describe('seed 003 (RequireMFA)', () => {
  it('knows iam:GetMFADevice, and reports only the enrolment loophole', () => {
    const found = lint(policyFixture('003-require-mfa'));
    expect(found.map((f) => [f.severity, f.code, f.line, f.column])).toEqual([
      ['security-warning', 'mfa-enrolment-without-mfa', 25, 17],
    ]);
  });
});

describe('seed 004 (AWS docs, self-managed credentials and SMS MFA)', () => {
  it('reports every accountid placeholder as printed', () => {
    expect(positions(lint(seed004AsPrinted()), 'placeholder-account-id')).toEqual([
      [38, 19],
      [48, 9],
      [49, 9],
      [65, 9],
      [66, 9],
    ]);
  });

  it('reports the SMS MFA actions, which AWS has retired (iamfa honours them)', () => {
    const found = lint(seed004AsPrinted());
    expect(positions(found, 'retired-action')).toEqual([
      [59, 9],
      [60, 9],
    ]);
    expect(found.find((f) => f.code === 'retired-action')).toMatchObject({
      severity: 'warning',
      message:
        "'iam:RequestSmsMfaRegistration' belonged to SMS text-message MFA, which AWS has retired: in AWS it matches nothing today. iamfa still honours it for its own SMS MFA devices; for AWS, remove it.",
    });
    expect(positions(found, 'unknown-action')).toEqual([]);
  });

  it('gives no error with the account filled in', () => {
    expect(errors(lint(policyFixture('004-force-mfa')))).toEqual([]);
  });

  it('with Bool instead of BoolIfExists — the mistake it explains — reports that long-term keys get through', () => {
    const text = policyFixture('004-force-mfa').replace('"BoolIfExists"', '"Bool"');
    const found = lint(text).filter((f) => f.code === 'mfa-bool-without-if-exists');
    expect(found).toEqual([expect.objectContaining({ severity: 'security-warning', line: 75, column: 9 })]);
    expect(found[0]?.message).toContain('BoolIfExists');
  });
});

describe('seed 000 and AWS recommended self-service policies', () => {
  it.each(['000-force-mfa', 'aws-self-manage-credentials-mfa', 'aws-self-manage-mfa-device'])(
    '%s gives no error, only the enrolment loophole to review',
    (name) => {
      const found = lint(policyFixture(name));
      expect(errors(found)).toEqual([]);
      expect(found.map((f) => f.code)).toEqual(['mfa-enrolment-without-mfa']);
    },
  );
});

describe.each(SEED_TEXTS)('every finding in seed %s', (_name, text) => {
  it('points at a JSON string (a value, or the operator or key it names)', () => {
    const lines = text().split('\n');
    for (const f of lint(text()))
      expect(lines[f.line - 1]?.[f.column - 1], `${f.code} at ${f.line}:${f.column}`).toBe('"');
  });
});
