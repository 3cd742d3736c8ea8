import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  explain,
  formatExplanation,
  parsePolicy,
  PolicySet,
  RequestContext,
} from '../../src/policy/index.js';
import { policy } from '../support/policy.js';

/**
 * Every policy text of the five seeds, combined with AmazonEC2FullAccess as the seeds combine them,
 * for a user signed in three ways. The expected decisions are written out by hand from the AWS
 * documentation (policy evaluation logic; condition operators; the seeds' own explanations).
 */

const ACCOUNT = '123456789012';
const ME = 'mfa-user-1';
const OTHER = 'mfa-user-2';
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/policies/${name}.json`, import.meta.url), 'utf8');
const ec2FullAccess = policy(
  fixture('aws-AmazonEC2FullAccess'),
  'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
);

/** Long-term access keys carry no MFA keys; a password-only session says false; an MFA session true. */
const SIGN_INS = {
  accessKey: {},
  withoutMfa: { 'aws:MultiFactorAuthPresent': 'false' },
  withMfa: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30' },
} as const;

const REQUESTS = {
  'iam:EnableMFADevice on own user': ['iam:EnableMFADevice', user(ME)],
  'iam:ChangePassword on own user': ['iam:ChangePassword', user(ME)],
  'iam:CreateVirtualMFADevice on own mfa': [
    'iam:CreateVirtualMFADevice',
    `arn:aws:iam::${ACCOUNT}:mfa/${ME}`,
  ],
  'iam:DeactivateMFADevice on own user': ['iam:DeactivateMFADevice', user(ME)],
  'iam:EnableMFADevice on another user': ['iam:EnableMFADevice', user(OTHER)],
  'iam:ChangePassword on another user': ['iam:ChangePassword', user(OTHER)],
  'ec2:DescribeInstances': ['ec2:DescribeInstances', '*'],
  's3:ListAllMyBuckets': ['s3:ListAllMyBuckets', '*'],
  'sts:GetSessionToken': ['sts:GetSessionToken', '*'],
  'iam:ListUsers': ['iam:ListUsers', `arn:aws:iam::${ACCOUNT}:user/`],
} as const;

type Verdict = 'allowed' | 'explicitDeny' | 'implicitDeny';
const A: Verdict = 'allowed';
const D: Verdict = 'explicitDeny';
const I: Verdict = 'implicitDeny';
/** [access key, session without MFA, session with MFA] */
type Row = readonly [Verdict, Verdict, Verdict];

const seeds: { name: string; text: string; expected: Record<keyof typeof REQUESTS, Row> }[] = [
  {
    // The AWS docs' Force_MFA: the deny spares only the listed MFA actions and sts:GetSessionToken.
    name: '000 Force_MFA (AWS docs) + AmazonEC2FullAccess on group EC2MFA',
    text: fixture('000-force-mfa'),
    expected: {
      'iam:EnableMFADevice on own user': [A, A, A],
      'iam:ChangePassword on own user': [D, D, A],
      'iam:CreateVirtualMFADevice on own mfa': [A, A, A],
      'iam:DeactivateMFADevice on own user': [D, D, A],
      'iam:EnableMFADevice on another user': [I, I, I],
      'iam:ChangePassword on another user': [D, D, I],
      'ec2:DescribeInstances': [D, D, A],
      's3:ListAllMyBuckets': [D, D, I],
      // Spared by the deny, allowed by nothing: AWS needs no permission for GetSessionToken, so
      // only an explicit deny would stop it (the STS layer reads implicitDeny as "may proceed").
      'sts:GetSessionToken': [I, I, I],
      'iam:ListUsers': [D, D, I],
    },
  },
  {
    // Seed 001 adds iam:ChangePassword to the spared list (and repeats iam:GetUser).
    name: '001 Enforce MFA + AmazonEC2FullAccess attached to testuser directly',
    text: fixture('001-enforce-mfa-console'),
    expected: {
      'iam:EnableMFADevice on own user': [A, A, A],
      'iam:ChangePassword on own user': [A, A, A],
      'iam:CreateVirtualMFADevice on own mfa': [A, A, A],
      'iam:DeactivateMFADevice on own user': [D, D, A],
      'iam:EnableMFADevice on another user': [I, I, I],
      'iam:ChangePassword on another user': [I, I, I],
      'ec2:DescribeInstances': [D, D, A],
      's3:ListAllMyBuckets': [D, D, I],
      'sts:GetSessionToken': [I, I, I],
      'iam:ListUsers': [D, D, I],
    },
  },
  {
    // Seed 002 (fixed): NotAction iam:* with Null on aws:MultiFactorAuthAge. Every IAM action is
    // spared, and so is nothing else: without MFA even sts:GetSessionToken is denied, so a user
    // with access keys cannot obtain an MFA session from the CLI.
    name: '002 Force_MFA (fixed) + AmazonEC2FullAccess via groups Force_MFA and EC2_Full_Access',
    text: fixture('002-force-mfa')
      .replace('iam: EnableMFADevice', 'iam:EnableMFADevice')
      .replaceAll('ACCOUNT-ID-WITHOUT-HYPHENS', ACCOUNT),
    expected: {
      'iam:EnableMFADevice on own user': [A, A, A],
      'iam:ChangePassword on own user': [A, A, A],
      'iam:CreateVirtualMFADevice on own mfa': [A, A, A],
      'iam:DeactivateMFADevice on own user': [A, A, A],
      'iam:EnableMFADevice on another user': [I, I, I],
      'iam:ChangePassword on another user': [I, I, I],
      'ec2:DescribeInstances': [D, D, A],
      's3:ListAllMyBuckets': [D, D, I],
      'sts:GetSessionToken': [D, D, I],
      'iam:ListUsers': [A, A, A],
    },
  },
  {
    // Seed 003's RequireMFA on group Developers (given EC2 access here to show the deny lifting);
    // deactivating one's MFA is allowed only with `Bool` true, and is not spared by the deny.
    name: '003 RequireMFA + AmazonEC2FullAccess',
    text: fixture('003-require-mfa'),
    expected: {
      'iam:EnableMFADevice on own user': [A, A, A],
      'iam:ChangePassword on own user': [A, A, A],
      'iam:CreateVirtualMFADevice on own mfa': [A, A, A],
      'iam:DeactivateMFADevice on own user': [D, D, A],
      'iam:EnableMFADevice on another user': [I, I, I],
      'iam:ChangePassword on another user': [I, I, I],
      'ec2:DescribeInstances': [D, D, A],
      's3:ListAllMyBuckets': [D, D, I],
      'sts:GetSessionToken': [D, D, I],
      'iam:ListUsers': [A, A, A],
    },
  },
  {
    // Seed 004: NotAction iam:* with BoolIfExists false; `accountid` filled in.
    name: '004 Force_MFA (self-managed credentials) + AmazonEC2FullAccess on group EC2MFA',
    text: fixture('004-force-mfa'),
    expected: {
      'iam:EnableMFADevice on own user': [A, A, A],
      'iam:ChangePassword on own user': [A, A, A],
      'iam:CreateVirtualMFADevice on own mfa': [A, A, A],
      'iam:DeactivateMFADevice on own user': [A, A, A],
      'iam:EnableMFADevice on another user': [I, I, I],
      'iam:ChangePassword on another user': [I, I, I],
      'ec2:DescribeInstances': [D, D, A],
      's3:ListAllMyBuckets': [D, D, I],
      'sts:GetSessionToken': [D, D, I],
      'iam:ListUsers': [A, A, A],
    },
  },
];

describe.each(seeds)('seed $name', ({ text, expected }) => {
  const set = PolicySet.compile({ identity: [policy(text, 'Force_MFA'), ec2FullAccess] });
  const signIns = Object.entries(SIGN_INS);
  for (const [label, [action, resource]] of Object.entries(REQUESTS)) {
    signIns.forEach(([signIn, keys], i) => {
      const want = expected[label as keyof typeof REQUESTS][i];
      it(`${label}, ${signIn} → ${want}`, () => {
        const context = new RequestContext({ 'aws:username': ME, ...keys });
        expect(set.evaluate({ action, resource, context }).decision).toBe(want);
      });
    });
  }
});

describe('seed 002 as printed', () => {
  it('is rejected at the space inside "iam: EnableMFADevice", with its line and column', () => {
    const result = parsePolicy(fixture('002-force-mfa'), { kind: 'managed' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      code: 'invalid-action',
      span: { path: 'Statement[3].Action[3]', start: { line: 50, column: 9 } },
    });
    expect(result.errors[0]?.message).toContain("'iam:EnableMFADevice'");
  });
});

describe('explaining a seed decision', () => {
  it('names the deny statement and the missing MFA key', () => {
    const set = PolicySet.compile({
      identity: [policy(fixture('004-force-mfa'), 'Force_MFA'), ec2FullAccess],
    });
    const request = {
      action: 'ec2:DescribeInstances',
      resource: '*',
      context: new RequestContext({ 'aws:username': ME }),
    };
    const text = formatExplanation(request, explain(set, request));
    expect(text).toContain('DENIED explicitly by identity policies');
    expect(text).toMatch(/✓ applies: Deny BlockAnyAccessOtherThanAboveUnlessSignedInWithMFA in Force_MFA/);
    expect(text).toContain(
      '✓ BoolIfExists aws:MultiFactorAuthPresent ["false"]: key absent from the request',
    );
    expect(text).toMatch(/✓ applies: Allow Statement\[0\] in arn:aws:iam::aws:policy\/AmazonEC2FullAccess/);
  });
});
