import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code } from '../../src/auth/totp/index.js';
import { aws } from '../support/aws-cli.js';
import { awsFailure } from '../support/aws-errors.js';
import { ec2Client } from '../support/ec2.js';
import { iamfa } from '../support/iamfa-cli.js';
import { enabledDevice } from '../support/mfa-device.js';
import { randomAdminKey, startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * `iamfa import` and `iamfa export` on a hand-written authorization-details file of another
 * account (111122223333): 30 users, 8 groups, 12 roles, 15 customer managed policies with up to
 * three versions (non-default ones and gaps in the numbering included), boundaries, inline
 * policies, tags, a service-linked role, and AWS managed policies referenced by ARN. The import
 * round-trips through the export, modulo the documented differences: the account id is this
 * server's (everywhere: ARNs and documents), entities have new ids, AWS managed policies are
 * described from iamfa's catalog, service-linked roles and instance profiles are left out, and
 * roles were never used here. After the import, the file's own Force-MFA policy is enforced on an
 * imported user exactly as the seeds describe.
 */

const SOURCE = '111122223333';
const FIXTURE = join(import.meta.dirname, '../fixtures/authorization-details.json');
const ADMINISTRATOR = 'arn:aws:iam::aws:policy/AdministratorAccess';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Entity = { [key: string]: Json };
interface File {
  UserDetailList: Entity[];
  GroupDetailList: Entity[];
  RoleDetailList: Entity[];
  Policies: Entity[];
}

const fixture = (): File => JSON.parse(readFileSync(FIXTURE, 'utf8')) as File;

const byName =
  (key: string) =>
  (a: Entity, b: Entity): number =>
    String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0;

/**
 * A file with the documented differences taken out: ids dropped, `account` written as the file's,
 * instance profiles and last use dropped, service-linked roles dropped, lists sorted, AWS managed
 * policies reduced to what the account decides (their attachment counts).
 */
function comparable(file: File, account: string): File {
  const text = JSON.stringify(file).replaceAll(account, SOURCE);
  const f = JSON.parse(text) as File;
  const drop = (e: Entity, ...keys: string[]) =>
    Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k)));
  const sorted = (list: Json | undefined, key: string) => [...((list ?? []) as Entity[])].sort(byName(key));
  return {
    UserDetailList: f.UserDetailList.map((u) => ({
      ...drop(u, 'UserId'),
      UserPolicyList: sorted(u.UserPolicyList, 'PolicyName'),
    })).sort(byName('UserName')),
    GroupDetailList: f.GroupDetailList.map((g) => ({
      ...drop(g, 'GroupId'),
      GroupPolicyList: sorted(g.GroupPolicyList, 'PolicyName'),
    })).sort(byName('GroupName')),
    RoleDetailList: f.RoleDetailList.filter((r) => !String(r.Path).startsWith('/aws-service-role/'))
      .map((r) => ({
        ...drop(r, 'RoleId', 'InstanceProfileList', 'RoleLastUsed'),
        RolePolicyList: sorted(r.RolePolicyList, 'PolicyName'),
      }))
      .sort(byName('RoleName')),
    Policies: f.Policies.filter((p) => !String(p.Path).startsWith('/aws-service-role/'))
      .map((p) =>
        String(p.Arn).startsWith('arn:aws:iam::aws:')
          ? {
              Arn: p.Arn ?? null,
              AttachmentCount: p.AttachmentCount ?? null,
              PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount ?? null,
            }
          : { ...drop(p, 'PolicyId'), PolicyVersionList: sorted(p.PolicyVersionList, 'VersionId') },
      )
      .sort(byName('Arn')),
  };
}

/** The bootstrap administrator, which the target server has and the file does not. */
function withoutBootstrapAdmin(file: File): File {
  return {
    ...file,
    UserDetailList: file.UserDetailList.filter((u) => u.UserName !== 'admin'),
    Policies: file.Policies.flatMap((p) => {
      if (p.Arn !== ADMINISTRATOR) return [p];
      const count = Number(p.AttachmentCount) - 1;
      return count === 0 ? [] : [{ ...p, AttachmentCount: count }];
    }),
  };
}

/** A data directory with a server's account in it and the server stopped; its administrator key. */
async function freshData(): Promise<{ dataDir: string; admin: Credentials; accountId: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'iamfa-import-'));
  const admin = randomAdminKey();
  const t = await startTestServer({ dataDir, admin });
  await t.close();
  return { dataDir, admin, accountId: t.accountId };
}

describe('iamfa import and export', () => {
  let dataDir: string;
  let admin: Credentials;
  let accountId: string;
  let exported: File;
  const dirs: string[] = [];

  beforeAll(async () => {
    ({ dataDir, admin, accountId } = await freshData());
    dirs.push(dataDir);
  });
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('imports nothing when any entity fails, and names it', async () => {
    const broken = fixture();
    const last = broken.RoleDetailList[broken.RoleDetailList.length - 1];
    if (last) last.AssumeRolePolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] };
    const file = join(dataDir, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    const run = await iamfa('import', file, '--data-dir', dataDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^iamfa: nothing was imported: role terraform: /);
    const after = JSON.parse((await iamfa('export', '--data-dir', dataDir)).stdout) as File;
    expect(after.UserDetailList.map((u) => u.UserName)).toEqual(['admin']);
    expect(after.GroupDetailList).toEqual([]);
    expect(after.Policies.map((p) => p.Arn)).toEqual([ADMINISTRATOR]);
  });

  it('imports a whole account from another account id', async () => {
    const run = await iamfa('import', FIXTURE, '--data-dir', dataDir, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      account: accountId,
      sourceAccount: SOURCE,
      imported: {
        policies: 15,
        policyVersions: 23,
        groups: 8,
        users: 30,
        roles: 11,
        inlinePolicies: 16,
        attachments: 30,
        memberships: 55,
      },
      skippedRoles: ['AWSServiceRoleForSupport'],
    });
  });

  it('round-trips through export, modulo the documented differences', async () => {
    const run = await iamfa('export', '--data-dir', dataDir);
    expect(run.code).toBe(0);
    exported = JSON.parse(run.stdout) as File;
    expect(run.stdout).not.toContain(SOURCE);
    expect(comparable(withoutBootstrapAdmin(exported), accountId)).toEqual(comparable(fixture(), SOURCE));
  });

  it('keeps what the file says: versions, defaults, dates, paths, boundaries and rewritten documents', () => {
    const boundary = exported.Policies.find((p) => p.PolicyName === 'DeveloperBoundary');
    expect(boundary).toMatchObject({
      Arn: `arn:aws:iam::${accountId}:policy/boundaries/DeveloperBoundary`,
      DefaultVersionId: 'v4',
      PermissionsBoundaryUsageCount: 8,
      CreateDate: '2020-09-01T12:00:00+00:00',
      UpdateDate: '2023-11-20T10:30:00+00:00',
    });
    const dana = exported.UserDetailList.find((u) => u.UserName === 'dana.dev');
    expect(dana).toMatchObject({
      Arn: `arn:aws:iam::${accountId}:user/eng/dana.dev`,
      CreateDate: '2020-06-22T09:03:57+00:00',
      GroupList: ['AllUsers', 'Developers'],
    });
    const terraform = exported.RoleDetailList.find((r) => r.RoleName === 'terraform');
    expect(JSON.stringify(terraform?.AssumeRolePolicyDocument)).toContain(
      `arn:aws:iam::${accountId}:user/alice.admin`,
    );
    // Another account's id (a cross-account trust) is not the file's: it stays.
    const auditor = exported.RoleDetailList.find((r) => r.RoleName === 'readonly-auditor');
    expect(JSON.stringify(auditor?.AssumeRolePolicyDocument)).toContain('arn:aws:iam::999988887777:root');
  });

  it('writes exactly what the AWS CLI prints for the same data', async () => {
    const t = await startTestServer({ dataDir, admin });
    try {
      const printed = await aws(t.url, admin, 'iam', 'get-account-authorization-details');
      expect(exported).toEqual(printed);
    } finally {
      await t.close();
    }
  });

  it('refuses a second import of the same names, and changes nothing', async () => {
    const run = await iamfa('import', FIXTURE, '--data-dir', dataDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'nothing was imported: policy AuditorExtra: A policy called AuditorExtra already exists.',
    );
    expect(JSON.parse((await iamfa('export', '--data-dir', dataDir)).stdout)).toEqual(exported);
  });

  it('imports its own export into another server: the same account, ids aside', async () => {
    const other = await freshData();
    dirs.push(other.dataDir);
    const file = join(other.dataDir, 'export.json');
    expect((await iamfa('export', '--data-dir', dataDir, '--output', file)).code).toBe(0);
    // The other server has its own bootstrap administrator: the file's is left out.
    const written = JSON.parse(await readFile(file, 'utf8')) as File;
    await writeFile(
      file,
      JSON.stringify({
        ...written,
        UserDetailList: written.UserDetailList.filter((u) => u.UserName !== 'admin'),
      }),
    );
    const run = await iamfa('import', file, '--data-dir', other.dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Imported into account ${other.accountId}:`);
    const copy = JSON.parse((await iamfa('export', '--data-dir', other.dataDir)).stdout) as File;
    expect(comparable(withoutBootstrapAdmin(copy), other.accountId)).toEqual(
      comparable(withoutBootstrapAdmin(exported), accountId),
    );
  }, 120_000);

  it('enforces the imported Force-MFA policy as the seeds say', async () => {
    const t: TestServer = await startTestServer({ dataDir, admin });
    try {
      const iam = t.iam();
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dana.dev' }));
      const keys = {
        accessKeyId: AccessKey?.AccessKeyId ?? '',
        secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      };
      // Long-term keys: the self-service list only (its ARNs name this account now, or GetUser would fail).
      await t.iam(keys).send(new GetUserCommand({}));
      const denied = await awsFailure(ec2Client(t, keys, 'eu-west-1').send(new DescribeInstancesCommand({})));
      expect(denied.code).toBe('UnauthorizedOperation');
      // Enrolment by the user herself, as the policy allows.
      const device = await enabledDevice(t.iam(keys), 'dana.dev', 'dana.dev');
      const { Credentials: session } = await t.sts(keys).send(
        new GetSessionTokenCommand({
          SerialNumber: device.serial,
          TokenCode: code(device.seed, device.step + 1),
        }),
      );
      const mfa = {
        accessKeyId: session?.AccessKeyId ?? '',
        secretAccessKey: session?.SecretAccessKey ?? '',
        sessionToken: session?.SessionToken ?? '',
      };
      await ec2Client(t, mfa, 'eu-west-1').send(new DescribeInstancesCommand({}));
      // The file's DenyOutsideEU still applies, with MFA or not.
      const outside = await awsFailure(ec2Client(t, mfa, 'us-east-1').send(new DescribeInstancesCommand({})));
      expect(outside.code).toBe('UnauthorizedOperation');
    } finally {
      await t.close();
    }
  });

  it('explains itself', async () => {
    const help = await iamfa('import', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('get-account-authorization-details');
    expect(help.stdout).toContain('service-linked roles');
    expect((await iamfa('export', '--help')).stdout).toContain('--output');
    const missing = await iamfa('export', '--data-dir', join(dataDir, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no iamfa data');
  });
});
