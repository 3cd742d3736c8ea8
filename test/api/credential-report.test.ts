import { readFileSync } from 'node:fs';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadSigningCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsError, cliError } from '../support/aws-cli.js';
import { awsFailure } from '../support/aws-errors.js';
import { enabledDevice } from '../support/mfa-device.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * The credential report over the wire, as AWS serves it (IAM User Guide, "Getting credential
 * reports for your AWS account"; API Reference, GenerateCredentialReport and GetCredentialReport):
 * the 22 columns in AWS's order, `<root_account>` first, `N/A` / `no_information` /
 * `not_supported`, times as `…+00:00`; Generate answers STARTED (with AWS's Description) and then
 * COMPLETE for four hours; Get fails with ReportNotPresent before any generation, ReportInProgress
 * while one runs and ReportExpired after four hours, each with the message AWS sends ("Unknown").
 */

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,' +
  'password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,' +
  'access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,' +
  'cert_2_active,cert_2_last_rotated';

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
const HOUR_MS = 60 * 60 * 1000;

const certificate = (name: string) =>
  readFileSync(new URL(`../fixtures/certs/${name}.pem`, import.meta.url), 'utf8');

/** The report's lines as records keyed by column. */
function parse(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? '', v])));
}

describe('the credential report', () => {
  let t: TestServer;
  let admin: IAMClient;
  let keys: Credentials;

  const setReport = (changes: {
    generated_at?: string | null;
    started_at?: string;
    content?: string | null;
  }) => t.withDatabase((db) => db.updateTable('credential_reports').set(changes).execute());
  const content = async () => {
    const out = await admin.send(new GetCredentialReportCommand({}));
    return Buffer.from(out.Content ?? []).toString('utf8');
  };

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
    await admin.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90 }));
    await admin.send(new CreateUserCommand({ UserName: 'console-only' }));
    await admin.send(
      new CreateLoginProfileCommand({ UserName: 'console-only', Password: 'Report-Passw0rd!' }),
    );
    await admin.send(new CreateUserCommand({ UserName: 'two-keys' }));
    const first = await admin.send(new CreateAccessKeyCommand({ UserName: 'two-keys' }));
    const second = await admin.send(new CreateAccessKeyCommand({ UserName: 'two-keys' }));
    keys = {
      accessKeyId: first.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: first.AccessKey?.SecretAccessKey ?? '',
    };
    // Used once (denied, but used: the key signed an IAM request in us-east-1).
    await awsFailure(t.iam(keys).send(new ListUsersCommand({})));
    await admin.send(
      new UpdateAccessKeyCommand({
        UserName: 'two-keys',
        AccessKeyId: second.AccessKey?.AccessKeyId ?? '',
        Status: 'Inactive',
      }),
    );
    await admin.send(new CreateUserCommand({ UserName: 'with-mfa' }));
    await enabledDevice(admin, 'with-mfa', 'with-mfa');
    await admin.send(new CreateUserCommand({ UserName: 'with-cert' }));
    await admin.send(
      new UploadSigningCertificateCommand({ UserName: 'with-cert', CertificateBody: certificate('alice-1') }),
    );
  });
  afterAll(() => t.close());

  it('is not present before any generation: ReportNotPresent (410) "Unknown"', async () => {
    const failure = await awsFailure(admin.send(new GetCredentialReportCommand({})));
    expect(failure).toEqual({ code: 'ReportNotPresent', status: 410, message: 'Unknown' });
  });

  it('is generated: STARTED with AWS’s description, then COMPLETE without one', async () => {
    const started = await admin.send(new GenerateCredentialReportCommand({}));
    expect(started.State).toBe('STARTED');
    expect(started.Description).toBe('No report exists. Starting a new report generation task');
    const again = await admin.send(new GenerateCredentialReportCommand({}));
    expect(again.State).toBe('COMPLETE');
    expect(again.Description).toBeUndefined();
  });

  it('is a CSV with AWS’s columns, the root account first', async () => {
    const out = await admin.send(new GetCredentialReportCommand({}));
    expect(out.ReportFormat).toBe('text/csv');
    expect(out.GeneratedTime).toBeInstanceOf(Date);
    expect(Date.now() - (out.GeneratedTime?.getTime() ?? 0)).toBeLessThan(60_000);
    const csv = Buffer.from(out.Content ?? []).toString('utf8');
    expect(csv.split('\n')[0]).toBe(HEADER);
    expect(csv.endsWith('\n')).toBe(false);
    const rows = parse(csv);
    expect(rows.map((r) => r.user)).toEqual([
      '<root_account>',
      'admin',
      'console-only',
      'two-keys',
      'with-cert',
      'with-mfa',
    ]);
    // A root user without password, keys or MFA, never signed in, as AWS writes one.
    const root = csv.split('\n')[1] ?? '';
    expect(root).toMatch(
      new RegExp(
        `^<root_account>,arn:aws:iam::${t.accountId}:root,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00,` +
          'not_supported,no_information,not_supported,not_supported,false,' +
          'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A$',
      ),
    );
  });

  it('says who has a password, when it was set and when it must be changed', async () => {
    const row = parse(await content()).find((r) => r.user === 'console-only') ?? {};
    expect(row.arn).toBe(`arn:aws:iam::${t.accountId}:user/console-only`);
    expect(row.user_creation_time).toMatch(TIME);
    expect(row.password_enabled).toBe('true');
    expect(row.password_last_used).toBe('no_information');
    expect(row.password_last_changed).toMatch(TIME);
    const changed = Date.parse(row.password_last_changed ?? '');
    expect(Date.parse(row.password_next_rotation ?? '')).toBe(changed + 90 * 24 * HOUR_MS);
    expect(row.mfa_active).toBe('false');
    expect(row.access_key_1_active).toBe('false');
    expect(row.access_key_1_last_rotated).toBe('N/A');
    const keysOnly = parse(await content()).find((r) => r.user === 'two-keys') ?? {};
    expect([keysOnly.password_enabled, keysOnly.password_last_used, keysOnly.password_last_changed]).toEqual([
      'false',
      'N/A',
      'N/A',
    ]);
    expect(keysOnly.password_next_rotation).toBe('N/A');
    // The administrator was given a console password on first run.
    expect(parse(await content()).find((r) => r.user === 'admin')?.password_enabled).toBe('true');
  });

  it('lists two access keys, active or not, with where they were last used', async () => {
    const row = parse(await content()).find((r) => r.user === 'two-keys') ?? {};
    expect(row.access_key_1_active).toBe('true');
    expect(row.access_key_1_last_rotated).toMatch(TIME);
    expect(row.access_key_1_last_used_date).toMatch(TIME);
    expect(row.access_key_1_last_used_region).toBe('us-east-1');
    expect(row.access_key_1_last_used_service).toBe('iam');
    expect(row.access_key_2_active).toBe('false');
    expect(row.access_key_2_last_rotated).toMatch(TIME);
    expect([row.access_key_2_last_used_date, row.access_key_2_last_used_region]).toEqual(['N/A', 'N/A']);
    expect(row.access_key_2_last_used_service).toBe('N/A');
  });

  it('says who has MFA and signing certificates', async () => {
    const rows = parse(await content());
    expect(rows.find((r) => r.user === 'with-mfa')?.mfa_active).toBe('true');
    const cert = rows.find((r) => r.user === 'with-cert') ?? {};
    expect(cert.cert_1_active).toBe('true');
    expect(cert.cert_1_last_rotated).toMatch(TIME);
    expect([cert.cert_2_active, cert.cert_2_last_rotated]).toEqual(['false', 'N/A']);
  });

  it('is reused for four hours: a user created since is not in it', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'later' }));
    expect((await admin.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    expect(parse(await content()).map((r) => r.user)).not.toContain('later');
  });

  it('is in progress while a generation runs: ReportInProgress (404), INPROGRESS', async () => {
    await setReport({ generated_at: null, content: null, started_at: new Date().toISOString() });
    const failure = await awsFailure(admin.send(new GetCredentialReportCommand({})));
    expect(failure).toEqual({ code: 'ReportInProgress', status: 404, message: 'Unknown' });
    expect((await admin.send(new GenerateCredentialReportCommand({}))).State).toBe('INPROGRESS');
  });

  it('is generated anew when a generation was abandoned', async () => {
    await setReport({ started_at: new Date(Date.now() - HOUR_MS).toISOString() });
    expect((await admin.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect(parse(await content()).map((r) => r.user)).toContain('later');
  });

  it('expires after four hours: ReportExpired (410), and Generate makes a new one', async () => {
    const old = new Date(Date.now() - 4 * HOUR_MS - 1000).toISOString();
    await setReport({ generated_at: old, started_at: old });
    const failure = await awsFailure(admin.send(new GetCredentialReportCommand({})));
    expect(failure).toEqual({ code: 'ReportExpired', status: 410, message: 'Unknown' });
    const generated = await admin.send(new GenerateCredentialReportCommand({}));
    expect(generated.State).toBe('STARTED');
    expect((await admin.send(new GetCredentialReportCommand({}))).GeneratedTime?.getTime()).toBeGreaterThan(
      Date.parse(old),
    );
  });

  it('needs iam:GenerateCredentialReport and iam:GetCredentialReport', async () => {
    const denied = await awsFailure(t.iam(keys).send(new GenerateCredentialReportCommand({})));
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toContain('iam:GenerateCredentialReport');
    expect((await awsFailure(t.iam(keys).send(new GetCredentialReportCommand({})))).code).toBe(
      'AccessDenied',
    );
  });

  it('reports the root’s access keys on its row (root credentials live on a users row of their own)', async () => {
    const created = new Date(Date.now() - 10 * 24 * HOUR_MS).toISOString();
    await t.withDatabase(async (db) => {
      const root = {
        id: `ROOT${t.accountId}`,
        account_id: t.accountId,
        name: '<root_account>',
        name_key: '<root_account>',
        path: '/',
        arn: `arn:aws:iam::${t.accountId}:root`,
        permissions_boundary: null,
        created_at: created,
        password_last_used: null,
      };
      await db
        .insertInto('users')
        .values(root)
        .onConflict((oc) => oc.doNothing())
        .execute();
      await db
        .insertInto('access_keys')
        .values({
          id: 'AKIAROOTKEYEXAMPLE01',
          account_id: t.accountId,
          user_id: root.id,
          secret: 'not read by the report',
          status: 'Active',
          created_at: created,
          last_used_at: null,
          last_used_service: null,
          last_used_region: null,
        })
        .execute();
      await db.deleteFrom('credential_reports').execute();
    });
    await admin.send(new GenerateCredentialReportCommand({}));
    const rows = parse(await content());
    expect(rows.filter((r) => r.user === '<root_account>')).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user: '<root_account>',
      password_enabled: 'not_supported',
      access_key_1_active: 'true',
      access_key_1_last_rotated: `${created.slice(0, 19)}+00:00`,
      access_key_1_last_used_date: 'N/A',
      access_key_2_active: 'false',
    });
  });

  describe('through the AWS CLI', () => {
    it('generates and gets the report (Content in base64, as the CLI prints blobs)', async () => {
      const generated = (await aws(t.url, t.admin, 'iam', 'generate-credential-report')) as { State: string };
      expect(generated.State).toBe('COMPLETE');
      const got = (await aws(t.url, t.admin, 'iam', 'get-credential-report')) as {
        Content: string;
        ReportFormat: string;
        GeneratedTime: string;
      };
      expect(got.ReportFormat).toBe('text/csv');
      expect(got.GeneratedTime).toMatch(TIME);
      const csv = Buffer.from(got.Content, 'base64').toString('utf8');
      expect(csv.split('\n')[0]).toBe(HEADER);
      expect(csv).toBe(await content());
    });

    it('prints AWS’s error when there is no report', async () => {
      await t.withDatabase((db) => db.deleteFrom('credential_reports').execute());
      const stderr = await awsError(t.url, t.admin, 'iam', 'get-credential-report');
      expect(stderr).toContain(cliError('ReportNotPresent', 'GetCredentialReport', 'Unknown'));
    });
  });
});
