import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { iamfa } from '../support/iamfa-cli.js';

/**
 * `iamfa prove-mfa` as CI runs it: the real CLI from source in its own process, over the whole
 * catalog, its report and its exit status.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = 'test/fixtures/policies';
const FORCE_MFA = `${FIXTURES}/000-force-mfa.json`;
const EC2_FULL = `${FIXTURES}/aws-AmazonEC2FullAccess.json`;

const prove = (...args: string[]) => iamfa('prove-mfa', ...args);

interface JsonCounterexample {
  readonly action: string;
  readonly resource: string;
  readonly kind: string;
  readonly context: Record<string, unknown>;
  readonly chosen: Record<string, unknown>;
  readonly allowedBy: { policy: string; sid: string | null; line: number; column: number }[];
  readonly explanation: string;
}

interface JsonReport {
  readonly proven: boolean;
  readonly stats: { actions: number; services: number; actionsNamedByAllow: number; requests: number };
  readonly timing: { loadMs: number; proofMs: number; totalMs: number };
  readonly findings: { action: string; reason: string; counterexamples: JsonCounterexample[] }[];
}

let dir: string;
let boolPolicy: string;
let iamAll: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamfa-prove-'));
  // Seed 000's Force_MFA with the mistake seed 004 warns about: Bool where BoolIfExists is needed.
  boolPolicy = join(dir, 'force-mfa-bool.json');
  const text = await readFile(join(ROOT, FORCE_MFA), 'utf8');
  expect(text).toContain('"BoolIfExists"');
  await writeFile(boolPolicy, text.replace('"BoolIfExists"', '"Bool"'));
  iamAll = join(dir, 'iam-all.json');
  await writeFile(
    iamAll,
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
    }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('iamfa prove-mfa on policy files', () => {
  it("passes AWS's recommended policy with AmazonEC2FullAccess: exit 0, the whole catalog in seconds", async () => {
    for (const selfService of [FORCE_MFA, `${FIXTURES}/aws-self-manage-credentials-mfa.json`]) {
      const run = await prove('--policy', selfService, EC2_FULL);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^PROVEN: without MFA, nothing is allowed beyond the self-service list/m);
      expect(run.stdout).not.toContain('HOLE');
      expect(run.stdout).toMatch(/^Checked all \d{5} actions of \d{3} services: /m);
      expect(run.stdout).toMatch(
        /^Time: \d+\.\d\d s \(loading policies and catalog \d+\.\d\d s, proof \d+\.\d\d s\)\.$/m,
      );
      // Not a TTY: no progress line.
      expect(run.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    }
  });

  it('finds the Bool "false" hole: ec2:* allowed with long-term access keys, with counterexamples', async () => {
    const run = await prove('--policy', boolPolicy, EC2_FULL, '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.proven).toBe(false);
    // All services, not a sample; and fast.
    expect(report.stats.actions).toBeGreaterThan(20_000);
    expect(report.stats.services).toBeGreaterThan(400);
    expect(report.timing.totalMs).toBeLessThan(10_000);
    const actions = report.findings.map((f) => f.action);
    expect(actions).toContain('ec2:RunInstances');
    expect(actions).toContain('ec2:TerminateInstances');
    const ec2 = report.findings.filter((f) => f.action.startsWith('ec2:'));
    expect(ec2.length).toBeGreaterThan(500);
    const run_ = report.findings.find((f) => f.action === 'ec2:RunInstances');
    // Long-term keys get through; a session without MFA says "false" and is denied.
    expect(run_?.counterexamples.map((c) => c.kind)).toEqual(['absent']);
    const c = run_?.counterexamples[0];
    expect(c?.resource).toMatch(/^arn:aws:ec2:us-east-1:123456789012:/);
    expect(c?.context).not.toHaveProperty('aws:MultiFactorAuthPresent');
    expect(c?.context).not.toHaveProperty('aws:MultiFactorAuthAge');
    expect(c?.context['aws:username']).toBe('iamfa-user');
    expect(c?.allowedBy).toEqual([{ policy: 'aws-AmazonEC2FullAccess.json', index: 0, line: 4, column: 9 }]);
    expect(c?.explanation).toContain(
      '✗ Bool aws:MultiFactorAuthPresent ["false"]: key absent from the request',
    );
    // Nothing is allowed to a session without MFA beyond the self-service list.
    expect(report.findings.every((f) => f.counterexamples.every((x) => x.kind === 'absent'))).toBe(true);
  });

  it('prints each hole readably with its counterexample and the statement that allowed it', async () => {
    const run = await prove('--policy', boolPolicy, EC2_FULL);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'HOLE ec2:RunInstances: allowed without MFA, not on the self-service list\n' +
        '  long-term access keys (no MFA keys in the context): ec2:RunInstances on arn:aws:ec2:us-east-1:123456789012:',
    );
    expect(run.stdout).toContain(
      '    allowed by Allow Statement[0] in aws-AmazonEC2FullAccess.json (line 4, column 9)',
    );
    // A condition the caller satisfies is shown as the caller's choice.
    expect(run.stdout).toMatch(
      /HOLE iam:CreateServiceLinkedRole: [^\n]*\n[^\n]*\n[^\n]*\n {4}with the caller setting iam:AWSServiceName="[a-z.]+amazonaws\.com"/,
    );
    expect(run.stdout).toMatch(
      /^NOT PROVEN: \d+ actions allowed without MFA beyond the self-service list \(\d+ with long-term access keys, 0 with a session without MFA\)\.$/m,
    );
  });

  it("finds every IAM action allowed when the Deny's NotAction exempts iam:* (seeds 002 and 004)", async () => {
    const seed002 = join(dir, '002-fixed.json');
    // Seed 002 with its typo and placeholder fixed, so it parses; its Deny still exempts iam:*.
    const text = await readFile(join(ROOT, FIXTURES, '002-force-mfa.json'), 'utf8');
    await writeFile(
      seed002,
      text
        .replace('iam: EnableMFADevice', 'iam:EnableMFADevice')
        .replaceAll('ACCOUNT-ID-WITHOUT-HYPHENS', '123456789012'),
    );
    for (const seed of [`${FIXTURES}/004-force-mfa.json`, seed002]) {
      const run = await prove('--policy', seed, iamAll, '--user-name', 'alice', '--json');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as JsonReport;
      const byAction = new Map(report.findings.map((f) => [f.action, f]));
      for (const action of ['iam:CreateUser', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:DeleteUser'])
        expect(byAction.get(action)?.counterexamples.map((c) => c.kind)).toEqual(['absent', 'false']);
      // Self-service actions are a hole too when they reach someone else's user.
      const key = byAction.get('iam:CreateAccessKey');
      expect(key?.reason).toBe('others-resource');
      expect(key?.counterexamples[0]?.resource).toBe('arn:aws:iam::123456789012:user/iamfa-someone-else');
      expect(byAction.get('iam:ChangePassword')).toBeUndefined();
      // Every IAM action but the self-service ones on the user's own resources.
      expect([...byAction.keys()].every((a) => a.startsWith('iam:'))).toBe(true);
      expect(byAction.size).toBeGreaterThan(150);
      expect(report.findings[0]?.counterexamples[0]?.allowedBy.map((s) => s.policy)).toContain(
        'iam-all.json',
      );
    }
  });

  it('takes a self-service list from --allow and from a file', async () => {
    const allowFile = join(dir, 'allow.txt');
    await writeFile(
      allowFile,
      '# what the EC2 team may do without MFA\nautoscaling:*\nelasticloadbalancing:*\n\ncloudwatch:*\n',
    );
    const run = await prove(
      '--policy',
      boolPolicy,
      EC2_FULL,
      '--allow',
      'ec2:*',
      'iam:CreateServiceLinkedRole',
      '--allow-file',
      allowFile,
    );
    expect(run.code).toBe(0);
    // Without the defaults, even enrolling an MFA device is a hole.
    const strict = await prove('--policy', FORCE_MFA, '--no-default-allow', '--allow', 'iam:Get*', '--json');
    expect(strict.code).toBe(1);
    const report = JSON.parse(strict.stdout) as JsonReport;
    expect(report.findings.map((f) => f.action)).toContain('iam:EnableMFADevice');
    expect(report.findings.map((f) => f.action)).not.toContain('iam:GetUser');
  });

  it('has --help, and exits 2 on usage errors and unreadable input', async () => {
    const help = await prove('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit status:');
    expect(help.stdout).toContain('--policy <files...>');
    const none = await prove();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Give exactly one of --user, --group or --policy.');
    const missing = await prove('--policy', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const invalid = await prove('--policy', `${FIXTURES}/002-force-mfa.json`);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('002-force-mfa.json:50:9: not a valid policy');
    const badOption = await prove('--policy', FORCE_MFA, '--allow', 'not an action');
    expect(badOption.code).toBe(2);
    const noStore = await prove('--user', 'alice', '--data-dir', join(dir, 'empty'));
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain('No iamfa database');
  });
});

describe('iamfa prove-mfa on a store', () => {
  let server: TestServer;
  const store = () =>
    server.databaseUrl ? ['--database-url', server.databaseUrl] : ['--data-dir', server.dataDir];

  beforeAll(async () => {
    server = await startTestServer();
    const iam = server.iam();
    const text = async (file: string) => readFile(join(ROOT, file), 'utf8');
    const { Policy: forceMfa } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: await text(FORCE_MFA) }),
    );
    const { Policy: forceMfaBool } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'Force_MFA_Bool',
        PolicyDocument: await readFile(boolPolicy, 'utf8'),
      }),
    );
    const ec2 = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';
    // alice: AWS's recommended setup. bob: the same through a group with the Bool mistake.
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: forceMfa?.Arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ec2 }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'Developers' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Developers', PolicyArn: forceMfaBool?.Arn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Developers', PolicyArn: ec2 }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'Developers',
        PolicyName: 'ReadLogs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: '*' }],
        }),
      }),
    );
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Developers', UserName: 'bob' }));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('proves a user set up through the SDK with Force_MFA and AmazonEC2FullAccess', async () => {
    const run = await prove('--user', 'alice', ...store());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Proving MFA enforcement for user alice (account 123456789012).');
    expect(run.stdout).toContain('aws:username="alice"');
    expect(run.stdout).toMatch(/^PROVEN: /m);
  });

  it("finds the hole in a user's group policies, and in the group itself", async () => {
    const user = await prove('--user', 'bob', ...store(), '--json');
    expect(user.code).toBe(1);
    const report = JSON.parse(user.stdout) as JsonReport;
    const actions = report.findings.map((f) => f.action);
    expect(actions).toContain('ec2:RunInstances');
    expect(actions).toContain('logs:GetLogEvents');
    const c = report.findings.find((f) => f.action === 'ec2:RunInstances')?.counterexamples[0];
    expect(c?.kind).toBe('absent');
    expect(c?.context['aws:username']).toBe('bob');
    expect(c?.context['aws:PrincipalArn']).toBe('arn:aws:iam::123456789012:user/bob');
    expect(c?.allowedBy[0]?.policy).toBe('arn:aws:iam::aws:policy/AmazonEC2FullAccess');

    const group = await prove('--group', 'developers', ...store());
    expect(group.code).toBe(1);
    expect(group.stdout).toContain('group Developers (account 123456789012), as its member iamfa-user');
    expect(group.stdout).toContain('HOLE logs:GetLogEvents: allowed without MFA');
    expect(group.stdout).toContain('allowed by Allow Statement[0] in group/Developers/ReadLogs');
  });

  it('exits 2 for a user or group that does not exist', async () => {
    const run = await prove('--user', 'nobody', ...store());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No user named nobody in account 123456789012.');
    const group = await prove('--group', 'nobody', ...store());
    expect(group.code).toBe(2);
  });
});
