import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, timeStep } from '../../src/auth/totp/index.js';
import { aws, AWS_CLI_VERSION, awsError, type CliCredentials } from '../support/aws-cli.js';
import { decodeBase32 } from '../support/base32.js';
import { policyFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { iamfa } from '../support/iamfa-cli.js';

/**
 * Issue 8's acceptance for the simulator: `aws iam simulate-principal-policy … --context-entries …`
 * through the real AWS CLI decides exactly as enforcement does for the same request. A user in a
 * group with the seeds' Force_MFA (seed 000) and AmazonEC2FullAccess calls IAM and EC2 for real
 * three ways — long-term keys (no MFA key in the request), a GetSessionToken session without MFA
 * (`aws:MultiFactorAuthPresent` false) and one with MFA (true) — and the simulator is asked the same
 * question (action, resource as enforcement checks it, `aws:username`) with the MFA key absent,
 * false and true. Allowed must be allowed, an explicit deny an explicit deny ("with an explicit
 * deny" in the AccessDenied or UnauthorizedOperation message), an implicit deny an implicit deny.
 * A session without MFA calls no IAM API at all (InvalidClientTokenId before any policy is read,
 * as AWS answers), so in that case only EC2 is compared. Then the AWS CLI's own examples, and
 * `iamfa simulate` on the same policy file offline.
 */

const CLI = AWS_CLI_VERSION.split(' ')[0];

interface SimulateOutput {
  EvaluationResults: {
    EvalActionName: string;
    EvalResourceName: string;
    EvalDecision: string;
    MatchedStatements: { SourcePolicyId: string; StartPosition: { Line: number; Column: number } }[];
    MissingContextValues: string[];
  }[];
}

interface SessionOutput {
  Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
}

/** One request made both ways: the CLI command that makes it, and the action and resource it is checked as. */
interface Call {
  readonly command: readonly string[];
  /** Whether it is an IAM API call, which sessions without MFA cannot make at all. */
  readonly iam: boolean;
  readonly action: string;
  readonly resource: (account: string, user: string) => string;
}

const userArn = (account: string, user: string) => `arn:aws:iam::${account}:user/${user}`;

const accountWide = () => '*';
const INSTANCE = 'i-0123456789abcdef0';

/** Self-service, exempt from the deny, account-wide, beyond the policy, and EC2: every case there is. */
const CALLS: readonly Call[] = [
  { command: ['iam', 'list-access-keys'], iam: true, action: 'iam:ListAccessKeys', resource: userArn },
  { command: ['iam', 'get-user'], iam: true, action: 'iam:GetUser', resource: userArn },
  { command: ['iam', 'list-mfa-devices'], iam: true, action: 'iam:ListMFADevices', resource: userArn },
  {
    command: ['iam', 'list-signing-certificates'],
    iam: true,
    action: 'iam:ListSigningCertificates',
    resource: userArn,
  },
  {
    command: ['iam', 'get-account-summary'],
    iam: true,
    action: 'iam:GetAccountSummary',
    resource: accountWide,
  },
  {
    command: ['iam', 'list-virtual-mfa-devices'],
    iam: true,
    action: 'iam:ListVirtualMFADevices',
    resource: accountWide,
  },
  {
    command: ['iam', 'list-users'],
    iam: true,
    action: 'iam:ListUsers',
    resource: (a) => `arn:aws:iam::${a}:user/`,
  },
  {
    command: ['iam', 'list-groups'],
    iam: true,
    action: 'iam:ListGroups',
    resource: (a) => `arn:aws:iam::${a}:group/`,
  },
  {
    command: ['ec2', 'describe-instances'],
    iam: false,
    action: 'ec2:DescribeInstances',
    resource: accountWide,
  },
  { command: ['ec2', 'describe-regions'], iam: false, action: 'ec2:DescribeRegions', resource: accountWide },
  {
    command: ['ec2', 'terminate-instances', '--instance-ids', INSTANCE],
    iam: false,
    action: 'ec2:TerminateInstances',
    resource: (a) => `arn:aws:ec2:us-east-1:${a}:instance/${INSTANCE}`,
  },
];

/** Errors a call answers only once authorized: the request was allowed, the instance is not there. */
const AFTER_AUTHORIZATION = ['(InvalidInstanceID.NotFound)'];

/** What enforcement decided for a call: allowed, or which kind of deny its AccessDenied names. */
async function enforced(url: string, credentials: CliCredentials, call: Call): Promise<string> {
  try {
    await aws(url, credentials, ...call.command);
    return 'allowed';
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? String(e);
    if (AFTER_AUTHORIZATION.some((code) => stderr.includes(code))) return 'allowed';
    if (!stderr.includes('(AccessDenied)') && !stderr.includes('(UnauthorizedOperation)')) throw e;
    return stderr.includes('with an explicit deny') ? 'explicitDeny' : 'implicitDeny';
  }
}

/** `aws iam simulate-principal-policy` for the user, with these context entries (shorthand syntax). */
async function simulated(
  t: TestServer,
  user: string,
  calls: readonly Call[],
  mfa: 'absent' | 'false' | 'true',
): Promise<SimulateOutput> {
  const entries = [`ContextKeyName='aws:username',ContextKeyValues='${user}',ContextKeyType=string`];
  if (mfa !== 'absent')
    entries.push(
      `ContextKeyName='aws:MultiFactorAuthPresent',ContextKeyValues=${mfa},ContextKeyType=boolean`,
    );
  const results: SimulateOutput['EvaluationResults'] = [];
  // One call per request: each action is checked on its own resource, as enforcement checks it.
  for (const call of calls) {
    const out = (await aws(
      t.url,
      t.admin,
      'iam',
      'simulate-principal-policy',
      '--policy-source-arn',
      userArn(t.accountId, user),
      '--action-names',
      call.action,
      '--resource-arns',
      call.resource(t.accountId, user),
      '--context-entries',
      ...entries,
    )) as SimulateOutput;
    results.push(...out.EvaluationResults);
  }
  return { EvaluationResults: results };
}

/** The current TOTP step, waiting first when fewer than 4 seconds of it remain. */
async function freshStep(): Promise<number> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 4000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  return timeStep(new Date());
}

describe(`simulate-principal-policy with ${CLI} decides as enforcement does (issue 8)`, () => {
  let t: TestServer;
  const user = 'dana';
  let longTerm: CliCredentials;
  let noMfa: CliCredentials;
  let withMfa: CliCredentials;

  beforeAll(async () => {
    t = await startTestServer();
    const admin = t.iam();
    const { Policy } = await admin.send(
      new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: policyFixture('000-force-mfa') }),
    );
    await admin.send(new CreateGroupCommand({ GroupName: 'MFAUsers' }));
    for (const arn of [Policy?.Arn, 'arn:aws:iam::aws:policy/AmazonEC2FullAccess'])
      await admin.send(new AttachGroupPolicyCommand({ GroupName: 'MFAUsers', PolicyArn: arn }));
    await admin.send(new CreateUserCommand({ UserName: user }));
    await admin.send(new AddUserToGroupCommand({ GroupName: 'MFAUsers', UserName: user }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: user }));
    longTerm = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };

    const { VirtualMFADevice } = await admin.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: user }),
    );
    const serial = VirtualMFADevice?.SerialNumber ?? '';
    const seed = decodeBase32(Buffer.from(VirtualMFADevice?.Base32StringSeed ?? []).toString('ascii'));
    const step = await freshStep();
    await admin.send(
      new EnableMFADeviceCommand({
        UserName: user,
        SerialNumber: serial,
        AuthenticationCode1: code(seed, step - 1),
        AuthenticationCode2: code(seed, step),
      }),
    );
    const session = async (...mfa: string[]): Promise<CliCredentials> => {
      const { Credentials } = (await aws(
        t.url,
        longTerm,
        'sts',
        'get-session-token',
        ...mfa,
      )) as SessionOutput;
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
      };
    };
    noMfa = await session();
    // The next step's code: steps s-1 and s are spent on enabling.
    withMfa = await session('--serial-number', serial, '--token-code', code(seed, step + 1));
  });
  afterAll(() => t.close());

  const cases = [
    { name: 'long-term keys, MFA key absent', mfa: 'absent', credentials: () => longTerm, calls: CALLS },
    {
      name: 'session without MFA, MultiFactorAuthPresent false',
      mfa: 'false',
      credentials: () => noMfa,
      calls: CALLS.filter((call) => !call.iam),
    },
    {
      name: 'MFA session, MultiFactorAuthPresent true',
      mfa: 'true',
      credentials: () => withMfa,
      calls: CALLS,
    },
  ] as const;

  for (const c of cases)
    it(`${c.name}: every decision equals enforcement's`, async () => {
      const simulation = await simulated(t, user, c.calls, c.mfa);
      const fromSimulator = simulation.EvaluationResults.map((r) => [r.EvalActionName, r.EvalDecision]);
      const fromEnforcement: string[][] = [];
      for (const call of c.calls)
        fromEnforcement.push([call.action, await enforced(t.url, c.credentials(), call)]);
      expect(fromSimulator).toEqual(fromEnforcement);
      // The kinds of decision the case must show, so the comparison says something.
      const kinds = new Set(fromSimulator.map(([, d]) => d));
      const expected = {
        absent: ['allowed', 'explicitDeny'],
        false: ['explicitDeny'],
        true: ['allowed', 'implicitDeny'],
      };
      for (const kind of expected[c.mfa]) expect(kinds, kind).toContain(kind);
    });

  it('a session without MFA is refused every IAM call before any policy is read', async () => {
    expect(await awsError(t.url, noMfa, 'iam', 'get-user')).toBe(
      'An error occurred (InvalidClientTokenId) when calling the GetUser operation: The security token included in the request is invalid.',
    );
  });

  it('reports the deny at its place in Force_MFA, and the MFA key as missing when absent', async () => {
    const absent = await simulated(t, user, [CALLS[0] as Call], 'absent');
    const [result] = absent.EvaluationResults;
    expect(result?.EvalDecision).toBe('explicitDeny');
    // DenyAllExceptListedIfNoMFA: its `{` on line 89, after the previous statement's `}` on line 88.
    expect(result?.MatchedStatements).toEqual([
      expect.objectContaining({ SourcePolicyId: 'Force_MFA', StartPosition: { Line: 88, Column: 10 } }),
    ]);
    // Every key of the user's policies the request leaves out, AmazonEC2FullAccess's too.
    expect(result?.MissingContextValues).toEqual(['aws:MultiFactorAuthPresent', 'iam:AWSServiceName']);
    const keys = (await aws(
      t.url,
      t.admin,
      'iam',
      'get-context-keys-for-principal-policy',
      '--policy-source-arn',
      userArn(t.accountId, user),
    )) as { ContextKeyNames: string[] };
    expect(keys.ContextKeyNames).toEqual([
      'aws:username',
      'aws:MultiFactorAuthPresent',
      'iam:AWSServiceName',
    ]);
  });
});

/** The AWS CLI's own examples (its examples/iam/*.rst), run against iamfa: the same output. */
describe(`the ${CLI} examples for the simulator, verbatim`, () => {
  let t: TestServer;
  const DATED =
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
  const customPolicy = (date: string) =>
    aws(
      t.url,
      t.admin,
      'iam',
      'simulate-custom-policy',
      '--policy-input-list',
      DATED,
      '--action-names',
      'dynamodb:CreateBackup',
      '--context-entries',
      `ContextKeyName='aws:CurrentTime',ContextKeyValues='${date}',ContextKeyType=date`,
    );

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('simulate-custom-policy, allowed: Line 1 Column 38 to Line 1 Column 167', async () => {
    // The example predates SourcePolicyType; AWS has since written `IAM Policy` there.
    expect(await customPolicy('2019-04-25T11:00:00Z')).toEqual({
      EvaluationResults: [
        {
          EvalActionName: 'dynamodb:CreateBackup',
          EvalResourceName: '*',
          EvalDecision: 'allowed',
          MatchedStatements: [
            {
              SourcePolicyId: 'PolicyInputList.1',
              SourcePolicyType: 'IAM Policy',
              StartPosition: { Line: 1, Column: 38 },
              EndPosition: { Line: 1, Column: 167 },
            },
          ],
          MissingContextValues: [],
        },
      ],
    });
  });

  it('simulate-custom-policy, prohibited by the date', async () => {
    expect(await customPolicy('2014-04-25T11:00:00Z')).toEqual({
      EvaluationResults: [
        {
          EvalActionName: 'dynamodb:CreateBackup',
          EvalResourceName: '*',
          EvalDecision: 'implicitDeny',
          MatchedStatements: [],
          MissingContextValues: [],
        },
      ],
    });
  });

  it('get-context-keys-for-custom-policy', async () => {
    expect(
      await aws(
        t.url,
        t.admin,
        'iam',
        'get-context-keys-for-custom-policy',
        '--policy-input-list',
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}',
      ),
    ).toEqual({ ContextKeyNames: ['aws:username', 'aws:CurrentTime'] });
  });
});

describe('iamfa simulate (offline)', () => {
  let dir: string;
  let policyFile: string;

  const simulate = (...args: string[]) => iamfa('simulate', ...args);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iamfa-simulate-'));
    policyFile = join(dir, 'force-mfa.json');
    await writeFile(policyFile, policyFixture('000-force-mfa'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints a table of decisions, then the explanation of each', async () => {
    const run = await simulate(
      '--policy',
      policyFile,
      '--action',
      'iam:ListAccessKeys',
      'iam:GetUser',
      '--resource',
      'arn:aws:iam::123456789012:user/dana',
      '--context',
      'aws:username=string:dana',
    );
    expect(run.code).toBe(0);
    const [tableText = '', ...explanations] = run.stdout.split('\n\n');
    expect(tableText.split('\n')).toEqual([
      expect.stringMatching(/^ACTION\s+RESOURCE\s+DECISION\s+MISSING CONTEXT$/),
      expect.stringMatching(
        /^iam:ListAccessKeys\s+arn:aws:iam::123456789012:user\/dana\s+explicitDeny\s+aws:MultiFactorAuthPresent$/,
      ),
      expect.stringMatching(
        /^iam:GetUser\s+arn:aws:iam::123456789012:user\/dana\s+allowed\s+aws:MultiFactorAuthPresent$/,
      ),
    ]);
    expect(explanations[0]).toContain(
      'iam:ListAccessKeys on arn:aws:iam::123456789012:user/dana: DENIED explicitly by identity policies',
    );
    expect(explanations[0]).toContain('✓ applies: Deny DenyAllExceptListedIfNoMFA in force-mfa.json');
    expect(explanations[0]).toContain(
      'BoolIfExists aws:MultiFactorAuthPresent ["false"]: key absent from the request',
    );
    expect(explanations[1]).toContain('iam:GetUser on arn:aws:iam::123456789012:user/dana: ALLOWED');
  });

  it('--json prints the EvaluationResults as SimulateCustomPolicy does; MFA true lifts the deny', async () => {
    const run = await simulate(
      '--policy',
      policyFile,
      '--action',
      'iam:ListAccessKeys',
      '--resource',
      'arn:aws:iam::123456789012:user/dana',
      '--context',
      'aws:username=string:dana',
      '--context',
      'aws:MultiFactorAuthPresent=boolean:true',
      '--json',
    );
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as SimulateOutput;
    expect(parsed.EvaluationResults).toEqual([
      expect.objectContaining({
        EvalActionName: 'iam:ListAccessKeys',
        EvalDecision: 'allowed',
        MatchedStatements: [expect.objectContaining({ SourcePolicyId: 'force-mfa.json' })],
        MissingContextValues: [],
      }),
    ]);
  });

  it('says what is wrong with a policy or a context entry, and exits non-zero', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}');
    const failure = await simulate('--policy', broken, '--action', 's3:GetObject');
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('MalformedPolicyDocument: Policy statement must contain resources.');
    const badContext = await simulate(
      '--policy',
      policyFile,
      '--action',
      's3:GetObject',
      '--context',
      'aws:x=maybe:1',
    );
    expect(badContext.code).not.toBe(0);
    expect(badContext.stderr).toContain('Expected key=type:value');
  });
});
