import { describe, expect, it } from 'vitest';
import { policy } from '../../test/support/policy.js';
import { RequestContext } from './context.js';
import { PolicySet, type AuthorizationRequest } from './evaluate.js';
import type { RequestPrincipal } from './principal.js';

const ACCOUNT = '111122223333';
const ALICE: RequestPrincipal = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT };

function request(action: string, resource: string, context: Record<string, string | string[]> = {}) {
  return { action, resource, context: new RequestContext({ 'aws:username': 'alice', ...context }) };
}

const allowEc2 = { Effect: 'Allow', Action: 'ec2:*', Resource: '*' };

function withCondition(effect: 'Allow' | 'Deny', operator: string, key: string, value: string) {
  return {
    Effect: effect,
    ...(effect === 'Deny' ? { NotAction: 'iam:*' } : { Action: 'ec2:*' }),
    Resource: '*',
    Condition: { [operator]: { [key]: value } },
  };
}

describe('the MFA truth table (ec2:DescribeInstances)', () => {
  const MFA = 'aws:MultiFactorAuthPresent';
  // key state → expected decision, written out from the AWS condition-operator documentation.
  const table: [string, ReturnType<typeof withCondition>[], Record<'absent' | 'false' | 'true', string>][] = [
    [
      'Deny Bool false (misses long-term keys)',
      [withCondition('Deny', 'Bool', MFA, 'false')],
      { absent: 'allowed', false: 'explicitDeny', true: 'allowed' },
    ],
    [
      'Deny BoolIfExists false',
      [withCondition('Deny', 'BoolIfExists', MFA, 'false')],
      { absent: 'explicitDeny', false: 'explicitDeny', true: 'allowed' },
    ],
    [
      'Deny Null true',
      [withCondition('Deny', 'Null', MFA, 'true')],
      { absent: 'explicitDeny', false: 'allowed', true: 'allowed' },
    ],
  ];
  const allowTable: typeof table = [
    [
      'Allow Bool true',
      [withCondition('Allow', 'Bool', MFA, 'true')],
      { absent: 'implicitDeny', false: 'implicitDeny', true: 'allowed' },
    ],
    [
      'Allow BoolIfExists true',
      [withCondition('Allow', 'BoolIfExists', MFA, 'true')],
      { absent: 'allowed', false: 'implicitDeny', true: 'allowed' },
    ],
    [
      'Allow Null false',
      [withCondition('Allow', 'Null', MFA, 'false')],
      { absent: 'implicitDeny', false: 'allowed', true: 'allowed' },
    ],
  ];
  for (const [name, statements, expected] of [...table, ...allowTable]) {
    const deny = statements[0]?.Effect === 'Deny';
    const set = PolicySet.compile({
      identity: [policy({ Version: '2012-10-17', Statement: deny ? [allowEc2, ...statements] : statements })],
    });
    for (const state of ['absent', 'false', 'true'] as const) {
      it(`${name}, key ${state} → ${expected[state]}`, () => {
        const context = state === 'absent' ? {} : { [MFA]: state };
        expect(set.evaluate(request('ec2:DescribeInstances', '*', context)).decision).toBe(expected[state]);
      });
    }
  }

  it('Null on aws:MultiFactorAuthAge follows the three real credential kinds', () => {
    const set = PolicySet.compile({
      identity: [
        policy({
          Version: '2012-10-17',
          Statement: [allowEc2, withCondition('Deny', 'Null', 'aws:MultiFactorAuthAge', 'true')],
        }),
      ],
    });
    const longTermKeys = {};
    const sessionWithoutMfa = { 'aws:MultiFactorAuthPresent': 'false' };
    const sessionWithMfa = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '42' };
    expect(set.evaluate(request('ec2:RunInstances', '*', longTermKeys)).decision).toBe('explicitDeny');
    expect(set.evaluate(request('ec2:RunInstances', '*', sessionWithoutMfa)).decision).toBe('explicitDeny');
    expect(set.evaluate(request('ec2:RunInstances', '*', sessionWithMfa)).decision).toBe('allowed');
  });
});

describe('decision logic', () => {
  const allowAll = policy({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: '*', Resource: '*' },
  });
  const denyS3 = policy({
    Version: '2012-10-17',
    Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*' },
  });

  it('explicit deny beats allow, allow beats implicit deny', () => {
    const set = PolicySet.compile({ identity: [allowAll, denyS3] });
    expect(set.evaluate(request('s3:GetObject', 'arn:aws:s3:::b/k')).decision).toBe('explicitDeny');
    expect(set.evaluate(request('ec2:RunInstances', '*')).decision).toBe('allowed');
    expect(
      PolicySet.compile({ identity: [denyS3] }).evaluate(request('ec2:RunInstances', '*')).decision,
    ).toBe('implicitDeny');
  });

  it('reports the matched statements with their positions', () => {
    const set = PolicySet.compile({ identity: [allowAll, denyS3] });
    const d = set.evaluate(request('s3:GetObject', 'arn:aws:s3:::b/k'));
    expect(d.blockedBy).toEqual(['identity']);
    expect(d.matched.map((s) => s.statement.effect)).toEqual(['Allow', 'Deny']);
    expect(d.matched[1]?.statement.span.start).toMatchObject({ line: 3, column: 16 });
  });

  it('actions match case-insensitively with * and ?', () => {
    const set = PolicySet.compile({
      identity: [
        policy({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: ['IAM:get*', 'ec2:Describe?nstances'], Resource: '*' },
        }),
      ],
    });
    expect(set.evaluate(request('iam:GetUser', '*')).decision).toBe('allowed');
    expect(set.evaluate(request('iam:getuser', '*')).decision).toBe('allowed');
    expect(set.evaluate(request('ec2:DescribeInstances', '*')).decision).toBe('allowed');
    expect(set.evaluate(request('ec2:DescribeInstance', '*')).decision).toBe('implicitDeny');
    expect(set.evaluate(request('iam:ListUsers', '*')).decision).toBe('implicitDeny');
  });

  it('resource wildcards stay within an ARN part but span / in the resource part', () => {
    const set = PolicySet.compile({
      identity: [
        policy({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
        }),
        policy({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::1*:user/alice' },
        }),
      ],
    });
    expect(set.evaluate(request('s3:GetObject', 'arn:aws:s3:::bucket/a/b/c')).decision).toBe('allowed');
    expect(set.evaluate(request('s3:GetObject', 'arn:aws:s3:::bucket2/a')).decision).toBe('implicitDeny');
    expect(set.evaluate(request('iam:GetUser', 'arn:aws:iam::111:user/alice')).decision).toBe('allowed');
    // `1*` may not swallow the colon and the resource type after it.
    expect(set.evaluate(request('iam:GetUser', 'arn:aws:iam::1:x:user/alice')).decision).toBe('implicitDeny');
  });

  it('substitutes ${aws:username} only under 2012-10-17', () => {
    const statement = {
      Effect: 'Allow',
      Action: 'iam:GetUser',
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    };
    const v2012 = PolicySet.compile({ identity: [policy({ Version: '2012-10-17', Statement: statement })] });
    const v2008 = PolicySet.compile({ identity: [policy({ Version: '2008-10-17', Statement: statement })] });
    const none = PolicySet.compile({ identity: [policy({ Statement: statement })] });
    const own = request('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/alice`);
    const literal = request('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`);
    expect(v2012.evaluate(own).decision).toBe('allowed');
    expect(v2012.evaluate(request('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/bob`)).decision).toBe(
      'implicitDeny',
    );
    expect(v2008.evaluate(own).decision).toBe('implicitDeny');
    expect(v2008.evaluate(literal).decision).toBe('allowed');
    expect(none.evaluate(own).decision).toBe('implicitDeny');
  });

  it('a statement whose variable has no value does not apply; a default value fills in', () => {
    const set = PolicySet.compile({
      identity: [
        policy({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}/*' },
            {
              Effect: 'Allow',
              Action: 'ec2:*',
              Resource: "arn:aws:ec2:*:*:instance/${aws:PrincipalTag/team, 'shared'}-*",
            },
          ],
        }),
      ],
    });
    expect(set.evaluate(request('s3:GetObject', 'arn:aws:s3:::/x')).decision).toBe('implicitDeny');
    expect(
      set.evaluate(request('s3:GetObject', 'arn:aws:s3:::red/x', { 'aws:PrincipalTag/team': 'red' }))
        .decision,
    ).toBe('allowed');
    const ec2 = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/shared-1`;
    expect(set.evaluate(request('ec2:StartInstances', ec2)).decision).toBe('allowed');
    expect(
      set.evaluate(request('ec2:StartInstances', ec2, { 'aws:PrincipalTag/team': 'red' })).decision,
    ).toBe('implicitDeny');
  });

  it('${*}, ${?} and ${$} stand for the literal characters', () => {
    const set = PolicySet.compile({
      identity: [
        policy({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${*}${?}${$}' },
        }),
      ],
    });
    expect(set.evaluate(request('s3:GetObject', 'arn:aws:s3:::b/*?$')).decision).toBe('allowed');
    expect(set.evaluate(request('s3:GetObject', 'arn:aws:s3:::b/xy$')).decision).toBe('implicitDeny');
  });

  describe('across policy kinds', () => {
    const bucket = 'arn:aws:s3:::bucket/key';
    const allowS3 = policy({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    });
    const resourcePolicy = (principal: unknown, effect = 'Allow') =>
      policy(
        {
          Version: '2012-10-17',
          Statement: { Effect: effect, Principal: principal, Action: 's3:GetObject', Resource: bucket },
        },
        'bucket-policy',
        'resource',
      );
    const evaluate = (
      input: Parameters<typeof PolicySet.compile>[0],
      extra: Partial<AuthorizationRequest> = {},
    ) =>
      PolicySet.compile(input).evaluate({ ...request('s3:GetObject', bucket), principal: ALICE, ...extra });

    it('same account: a resource policy naming the user allows without an identity policy', () => {
      expect(evaluate({ identity: [], resource: resourcePolicy({ AWS: ALICE.arn }) }).decision).toBe(
        'allowed',
      );
    });

    it('same account: a resource policy naming only the account needs the identity policy too', () => {
      expect(evaluate({ identity: [], resource: resourcePolicy({ AWS: ACCOUNT }) }).decision).toBe(
        'implicitDeny',
      );
      expect(evaluate({ identity: [allowS3], resource: resourcePolicy({ AWS: ACCOUNT }) }).decision).toBe(
        'allowed',
      );
    });

    it('cross account: both the identity and the resource policy must allow', () => {
      const other = { resourceAccount: '999988887777' };
      expect(evaluate({ identity: [allowS3] }, other)).toMatchObject({
        decision: 'implicitDeny',
        blockedBy: ['resource'],
      });
      expect(evaluate({ identity: [], resource: resourcePolicy({ AWS: ALICE.arn }) }, other)).toMatchObject({
        decision: 'implicitDeny',
        blockedBy: ['identity'],
      });
      expect(
        evaluate({ identity: [allowS3], resource: resourcePolicy({ AWS: ALICE.arn }) }, other).decision,
      ).toBe('allowed');
    });

    it('a deny in the resource policy wins', () => {
      expect(evaluate({ identity: [allowS3], resource: resourcePolicy('*', 'Deny') })).toMatchObject({
        decision: 'explicitDeny',
        blockedBy: ['resource'],
      });
    });

    it('a permissions boundary limits identity policies, but not a resource policy naming the user', () => {
      const boundary = policy({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      });
      expect(evaluate({ identity: [allowS3], boundary })).toMatchObject({
        decision: 'implicitDeny',
        blockedBy: ['boundary'],
      });
      expect(evaluate({ identity: [allowS3], boundary: allowS3 }).decision).toBe('allowed');
      expect(
        evaluate({ identity: [], boundary, resource: resourcePolicy({ AWS: ALICE.arn }) }).decision,
      ).toBe('allowed');
    });

    it('session policies limit a role session; a resource policy naming the role does not lift that', () => {
      const role = `arn:aws:iam::${ACCOUNT}:role/app`;
      const session: RequestPrincipal = {
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`,
        account: ACCOUNT,
        roleArn: role,
      };
      const sessionPolicy = policy(
        { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } },
        'session',
        'session',
      );
      expect(
        evaluate({ identity: [allowS3], session: [sessionPolicy] }, { principal: session }),
      ).toMatchObject({
        decision: 'implicitDeny',
        blockedBy: ['session'],
      });
      expect(
        evaluate(
          { identity: [], session: [sessionPolicy], resource: resourcePolicy({ AWS: role }) },
          { principal: session },
        ).decision,
      ).toBe('implicitDeny');
      expect(
        evaluate(
          { identity: [], session: [sessionPolicy], resource: resourcePolicy({ AWS: session.arn }) },
          {
            principal: session,
          },
        ).decision,
      ).toBe('allowed');
      expect(
        evaluate({ identity: [], resource: resourcePolicy({ AWS: role }) }, { principal: session }).decision,
      ).toBe('allowed');
    });

    it('NotPrincipal applies to everyone but the named principals', () => {
      const notAlice = policy(
        {
          Version: '2012-10-17',
          Statement: { Effect: 'Deny', NotPrincipal: { AWS: ALICE.arn }, Action: 's3:*', Resource: bucket },
        },
        'bucket-policy',
        'resource',
      );
      const bob: RequestPrincipal = { arn: `arn:aws:iam::${ACCOUNT}:user/bob`, account: ACCOUNT };
      expect(evaluate({ identity: [allowS3], resource: notAlice }).decision).toBe('allowed');
      expect(evaluate({ identity: [allowS3], resource: notAlice }, { principal: bob }).decision).toBe(
        'explicitDeny',
      );
    });
  });
});
