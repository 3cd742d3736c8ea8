import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyKind } from '../policy/index.js';
import { IamError } from './errors.js';
import { validatePolicyDocument } from './policy-documents.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/policies/${name}.json`, import.meta.url), 'utf8');

/** The error validatePolicyDocument throws for `text`. */
function refusal(text: string, kind: PolicyKind = 'managed'): IamError {
  try {
    validatePolicyDocument(text, kind);
  } catch (e) {
    if (e instanceof IamError) return e;
    throw e;
  }
  throw new Error('the document was accepted');
}

/** A one-statement policy, pretty-printed, so issues have predictable lines. */
function doc(statement: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', ...extra, Statement: [statement] }, null, 2);
}

const ALLOW = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('validatePolicyDocument', () => {
  it('returns the parsed document of a valid policy', () => {
    const parsed = validatePolicyDocument(doc(ALLOW), 'managed');
    expect(parsed.statements).toHaveLength(1);
    expect(parsed.statements[0]?.effect).toBe('Allow');
  });

  it('accepts the seed documents that AWS accepts', () => {
    for (const seed of ['000-force-mfa', '001-enforce-mfa-console', '003-require-mfa', '004-force-mfa']) {
      expect(() => validatePolicyDocument(fixture(seed), 'managed'), seed).not.toThrow();
      expect(() => validatePolicyDocument(fixture(seed), 'user-inline'), seed).not.toThrow();
    }
  });

  it("rejects seed 002's verbatim text, saying where: the action with a space", () => {
    const error = refusal(fixture('002-force-mfa'));
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toBe(
      "Syntax errors in policy. Statement[3].Action[3] (line 50, column 9): Action 'iam: EnableMFADevice' " +
        "contains whitespace; remove it: 'iam:EnableMFADevice'.",
    );
    expect(refusal(fixture('002-force-mfa'), 'group-inline').code).toBe('MalformedPolicyDocument');
  });

  it('leads with "Syntax errors in policy." and gives the path, line and column of a bad Effect', () => {
    const error = refusal(doc({ ...ALLOW, Effect: 'allow' }));
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toBe(
      'Syntax errors in policy. Statement[0].Effect (line 5, column 17): Effect must be "Allow" or "Deny" exactly; ' +
        'write "Allow", not "allow" (the value is case-sensitive).',
    );
  });

  it('reports JSON syntax errors with their position', () => {
    const error = refusal('{\n  "Version": "2012-10-17",\n  "Statement": [\n');
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toMatch(/^Syntax errors in policy\. policy \(line \d+, column \d+\): /);
  });

  it("uses AWS's sentence for a statement without actions, and says it once", () => {
    const error = refusal(doc({ Effect: 'Allow', Resource: '*' }));
    expect(error.message).toBe(
      'Policy statement must contain actions. Statement[0] (line 4, column 5): add Action or NotAction.',
    );
  });

  it("uses AWS's sentence for a statement without resources", () => {
    const error = refusal(doc({ Effect: 'Allow', Action: 's3:GetObject' }));
    expect(error.message).toBe(
      'Policy statement must contain resources. Statement[0] (line 4, column 5): add Resource or NotResource.',
    );
  });

  it('refuses a principal in an identity policy in AWS words', () => {
    const error = refusal(doc({ ...ALLOW, Principal: '*' }), 'user-inline');
    expect(error.message).toMatch(
      /^Policy document should not specify a principal\. Statement\[0\]\.Principal \(line 8, column 7\): A user-inline policy applies/,
    );
  });

  it('words action problems as AWS does: vendor prefix, one colon, wildcard vendors', () => {
    expect(refusal(doc({ ...ALLOW, Action: 's3' })).message).toMatch(
      /^Actions\/Conditions must be prefaced by a vendor, e\.g\., iam, sdb, ec2, etc\. Statement\[0\]\.Action \(line 6, column 17\): /,
    );
    expect(refusal(doc({ ...ALLOW, Action: 's3:Get:Object' })).message).toMatch(
      /^Actions\/Condition can contain only one colon\. Statement\[0\]\.Action /,
    );
    expect(refusal(doc({ ...ALLOW, Action: 's*:GetObject' })).message).toMatch(
      /^Action vendors \(e\.g\., aws, ec2, etc\.\) must not contain wildcards\. Statement\[0\]\.Action /,
    );
  });

  it('names a resource that is not an ARN', () => {
    const error = refusal(doc({ ...ALLOW, Resource: ['*', 'my-bucket'] }));
    expect(error.message).toMatch(
      /^Resource my-bucket must be in ARN format or "\*"\. Statement\[0\]\.Resource\[1\] \(line 9, column 9\): /,
    );
  });

  it('words Sid problems as AWS does', () => {
    expect(refusal(doc({ ...ALLOW, Sid: 'Not ok' })).message).toBe(
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression ' +
        "[0-9A-Za-z]* Statement[0].Sid (line 8, column 14): 'Not ok' could be 'Notok'.",
    );
    const twice = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { ...ALLOW, Sid: 'Same' },
        { ...ALLOW, Sid: 'Same' },
      ],
    });
    expect(refusal(twice).message).toMatch(/^Statement IDs \(SID\) in a single policy must be unique\. /);
  });

  it('refuses a condition key without a vendor prefix', () => {
    const error = refusal(doc({ ...ALLOW, Condition: { Bool: { MultiFactorAuthPresent: 'true' } } }));
    expect(error.message).toMatch(
      /^Actions\/Conditions must be prefaced by a vendor, e\.g\., iam, sdb, ec2, etc\. Statement\[0\]\.Condition\.Bool\.MultiFactorAuthPresent \(line 10, column 11\): /,
    );
  });

  it("uses the role trust policy's own sentences for Principal and Resource", () => {
    const trust = (statement: Record<string, unknown>): string => doc(statement);
    expect(refusal(trust({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust').message).toMatch(
      /^Missing required field Principal\. Statement\[0\] /,
    );
    const withResource = trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*', Resource: '*' });
    expect(refusal(withResource, 'trust').message).toMatch(
      /^Has prohibited field Resource\. Statement\[0\]\.Resource \(line \d+, column \d+\): a role trust policy/,
    );
  });

  it('names the first problem in full, the next two after it, and counts the rest', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [1, 2, 3, 4, 5].map((n) => ({ ...ALLOW, Effect: `Maybe${n}` })),
    });
    const error = refusal(text);
    expect(error.message).toMatch(/^Syntax errors in policy\. Statement\[0\]\.Effect .*"Maybe1"/);
    expect(error.message).toContain(' Also: Statement[1].Effect (line 1, column ');
    expect(error.message).toContain('Statement[2].Effect');
    expect(error.message).not.toContain('Statement[3].Effect');
    expect(error.message).toMatch(/\(and 2 more\)$/);
  });

  it('answers LimitExceeded, not MalformedPolicyDocument, for a managed policy over 6,144 characters', () => {
    const actions = Array.from({ length: 600 }, (_, i) => `s3:Action${i}`);
    const error = refusal(doc({ ...ALLOW, Action: actions }));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toMatch(
      /^Cannot exceed quota for PolicySize: 6144\. This managed policy is \d+ characters/,
    );
  });

  it('leaves the aggregate inline limits to the caller', () => {
    const actions = Array.from({ length: 500 }, (_, i) => `s3:Action${i}`);
    const large = doc({ ...ALLOW, Action: actions });
    expect(large.replace(/\s/g, '').length).toBeGreaterThan(5120);
    expect(() => validatePolicyDocument(large, 'user-inline')).not.toThrow();
    expect(() => validatePolicyDocument(large, 'group-inline')).not.toThrow();
  });
});
