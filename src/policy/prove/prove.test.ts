import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policy } from '../../../test/support/policy.js';
import { RequestContext } from '../context.js';
import { PolicySet, type PolicySetInput } from '../evaluate.js';
import { proveMfa } from './prove.js';
import { DEFAULT_SELF_SERVICE_ACTIONS, selfServiceList } from './self-service.js';
import type { CredentialKind, ProofAction, ProofInput } from './types.js';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const FIXTURES = new URL('../../../test/fixtures/policies/', import.meta.url);

function fixture(name: string, edit: (text: string) => string = (t) => t) {
  return policy(edit(readFileSync(new URL(name, FIXTURES), 'utf8')), name);
}

/** The contexts the server builds for alice with each kind of credential (see auth/request-context.ts). */
function contexts(): Record<CredentialKind, RequestContext> {
  const principal = {
    'aws:username': 'alice',
    'aws:userid': 'AIDAALICE',
    'aws:PrincipalArn': ARN,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalType': 'User',
    'aws:RequestedRegion': 'us-east-1',
    'aws:SourceIp': '203.0.113.10',
  };
  return {
    absent: new RequestContext(principal),
    false: new RequestContext({ ...principal, 'aws:MultiFactorAuthPresent': false }),
    true: new RequestContext({
      ...principal,
      'aws:MultiFactorAuthPresent': true,
      'aws:MultiFactorAuthAge': 60,
    }),
  };
}

const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

/** A small catalog: enough actions of each shape to exercise the proof. */
const ACTIONS: ProofAction[] = [
  {
    action: 'ec2:RunInstances',
    resources: [{ arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-probe`, owner: 'any' }],
  },
  { action: 'ec2:DescribeInstances', resources: [{ arn: '*', owner: 'any' }] },
  { action: 's3:GetObject', resources: [{ arn: 'arn:aws:s3:::probe/probe', owner: 'any' }] },
  { action: 'iam:CreateUser', resources: [{ arn: user('probe'), owner: 'any' }] },
  {
    action: 'iam:CreateAccessKey',
    resources: [
      { arn: user('alice'), owner: 'self' },
      { arn: user('someone-else'), owner: 'other' },
    ],
  },
  {
    action: 'iam:EnableMFADevice',
    resources: [
      { arn: user('alice'), owner: 'self' },
      { arn: user('someone-else'), owner: 'other' },
    ],
  },
  { action: 'sts:GetSessionToken', resources: [{ arn: '*', owner: 'any' }] },
];

function prove(set: PolicySetInput, more: Partial<ProofInput> = {}) {
  return proveMfa({
    policies: PolicySet.compile(set),
    actions: ACTIONS,
    contexts: contexts(),
    principal: { arn: ARN, account: ACCOUNT },
    selfService: selfServiceList(DEFAULT_SELF_SERVICE_ACTIONS),
    fixedKeys: [
      'aws:username',
      'aws:userid',
      'aws:principalarn',
      'aws:principalaccount',
      'aws:principaltype',
    ],
    ...more,
  });
}

const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}) =>
  policy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] },
    `allow-${String(action)}`,
  );

const ec2Full = fixture('aws-AmazonEC2FullAccess.json');

describe('proveMfa', () => {
  it("passes AWS's recommended self-service policy with AmazonEC2FullAccess", () => {
    for (const name of ['000-force-mfa.json', 'aws-self-manage-credentials-mfa.json']) {
      const result = prove({ identity: [fixture(name), ec2Full] });
      expect(result.findings).toEqual([]);
      // With MFA: the two EC2 actions and the two self-service ones.
      expect(result.stats.allowedWithMfa).toBe(4);
      // Without MFA only enrolment: CreateAccessKey is not among the Deny's exceptions.
      expect(result.stats.selfServiceAllowed).toBe(1);
    }
  });

  it('finds the Bool "false" hole: long-term keys carry no MFA key, so the Deny misses them', () => {
    const forceMfaBool = fixture('000-force-mfa.json', (t) => t.replace('"BoolIfExists"', '"Bool"'));
    const { findings } = prove({ identity: [forceMfaBool, ec2Full] });
    expect(findings.map((f) => f.action)).toEqual(['ec2:RunInstances', 'ec2:DescribeInstances']);
    const [run] = findings;
    expect(run?.reason).toBe('not-self-service');
    // Only long-term keys get through: a session without MFA carries "false" and is denied.
    expect(run?.counterexamples.map((c) => c.kind)).toEqual(['absent']);
    const c = run?.counterexamples[0];
    expect(c?.resource).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-probe`);
    expect(c?.context['aws:multifactorauthpresent']).toBeUndefined();
    expect(c?.context['aws:username']).toBe('alice');
    expect(c?.allowedBy).toEqual([
      { policy: 'aws-AmazonEC2FullAccess.json', sid: undefined, index: 0, line: 4, column: 9 },
    ]);
    expect(c?.explanation).toContain(
      'Bool aws:MultiFactorAuthPresent ["false"]: key absent from the request',
    );
  });

  it("finds every IAM action an Allow grants when the Deny's NotAction exempts iam:*", () => {
    const { findings } = prove({ identity: [fixture('004-force-mfa.json'), allow('iam:*')] });
    expect(findings.map((f) => [f.action, f.reason])).toEqual([
      ['iam:CreateUser', 'not-self-service'],
      ['iam:CreateAccessKey', 'others-resource'],
      ['iam:EnableMFADevice', 'others-resource'],
    ]);
    for (const f of findings) expect(f.counterexamples.map((c) => c.kind)).toEqual(['absent', 'false']);
    expect(findings[1]?.counterexamples[0]?.resource).toBe(user('someone-else'));
    // ec2 and s3 stay denied without MFA; the proof says nothing about them.
  });

  it("reports a self-service action on someone else's resource, not on the principal's own", () => {
    const own = allow('iam:CreateAccessKey', 'arn:aws:iam::*:user/${aws:username}');
    expect(prove({ identity: [own] }).findings).toEqual([]);
    const anyone = allow('iam:CreateAccessKey', 'arn:aws:iam::*:user/*');
    const [finding] = prove({ identity: [anyone] }).findings;
    expect(finding?.reason).toBe('others-resource');
    expect(finding?.counterexamples[0]?.resource).toBe(user('someone-else'));
  });

  it('honours a different self-service list, with patterns', () => {
    const set = { identity: [allow(['ec2:*', 'iam:CreateAccessKey'], '*')] };
    const narrowed = prove(set, { selfService: selfServiceList(['ec2:Describe*']) });
    expect(narrowed.findings.map((f) => f.action)).toEqual(['ec2:RunInstances', 'iam:CreateAccessKey']);
  });

  it("tries the policies' own Resource patterns: a grant on a bucket no catalog ARN names", () => {
    const { findings } = prove({ identity: [allow('s3:GetObject', 'arn:aws:s3:::team-*/reports/*')] });
    expect(findings.map((f) => f.counterexamples[0]?.resource)).toEqual(['arn:aws:s3:::team-/reports/']);
  });

  it('finds the resources a Deny leaves out', () => {
    const denySecret = policy({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::secret/*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    });
    const [finding] = prove({ identity: [allow('s3:GetObject'), denySecret] }).findings;
    expect(finding?.counterexamples[0]?.resource).toBe('arn:aws:s3:::probe/probe');
  });

  it("does not count another account's resources: they need that account's resource policy", () => {
    const other = allow('iam:CreateUser', 'arn:aws:iam::999999999999:user/*');
    expect(prove({ identity: [other] }).findings).toEqual([]);
  });

  it('lets the caller choose the keys it controls: a Deny scoped to one region misses the others', () => {
    const denyInRegion = policy({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: 'iam:*',
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            StringEquals: { 'aws:RequestedRegion': 'us-east-1' },
          },
        },
      ],
    });
    const { findings } = prove({ identity: [allow('ec2:RunInstances'), denyInRegion] });
    const c = findings[0]?.counterexamples[0];
    expect(c?.chosen).toEqual({ 'aws:requestedregion': undefined });
    expect(c?.context['aws:requestedregion']).toBeUndefined();
  });

  it('satisfies an Allow whose condition needs a value the caller sends', () => {
    const { findings } = prove({
      identity: [allow('iam:CreateUser', '*', { Condition: { NumericLessThan: { 'iam:MaxItems': '5' } } })],
    });
    expect(findings[0]?.counterexamples[0]?.chosen).toEqual({ 'iam:maxitems': '4' });
  });

  it("does not vary the principal's own facts", () => {
    const bob = allow('iam:CreateUser', '*', { Condition: { StringEquals: { 'aws:username': 'bob' } } });
    expect(prove({ identity: [bob] }).findings).toEqual([]);
  });

  it('falls back to one key at a time past the limit, and says so', () => {
    const many = allow('iam:CreateUser', '*', {
      Condition: { StringEquals: { 'aws:SourceVpc': ['a', 'b', 'c'], 'aws:SourceVpce': ['d', 'e', 'f'] } },
    });
    const result = prove({ identity: [many] }, { maxContextVariants: 4 });
    expect(result.stats.contextLimited).toEqual(['iam:CreateUser']);
  });

  it('settles actions no Allow names without evaluating them, and reports progress', () => {
    const progress: number[] = [];
    const result = prove(
      { identity: [allow('sts:GetSessionToken')] },
      { onProgress: (done, total) => progress.push(done, total) },
    );
    expect(result.stats).toMatchObject({
      actions: ACTIONS.length,
      actionsNamedByAllow: 1,
      allowedWithMfa: 1,
    });
    expect(result.stats.requests).toBe(3);
    expect(progress.slice(-2)).toEqual([ACTIONS.length, ACTIONS.length]);
  });

  it('applies a permissions boundary', () => {
    const boundary = policy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] },
      'boundary',
      'boundary',
    );
    const { findings } = prove({ identity: [allow('ec2:*')], boundary });
    expect(findings.map((f) => f.action)).toEqual(['ec2:DescribeInstances']);
  });
});
