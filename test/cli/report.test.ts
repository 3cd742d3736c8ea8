import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialFindings } from '../../src/iam/credential-findings.js';
import { iamfa } from '../support/iamfa-cli.js';
import { enabledDevice } from '../support/mfa-device.js';
import { randomAdminKey, startTestServer } from '../support/server.js';

/**
 * `iamfa report`: the credential review read offline from a server's data: console passwords
 * without MFA, passwords and access keys unused for --days (never used: counted from their
 * creation), access keys older than --key-age; readable sections or JSON; exit status 1 when
 * anything is found, for CI.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

describe('iamfa report', () => {
  let dataDir: string;
  let cleanDir: string;
  let oldKey: string;
  let usedKey: string;

  beforeAll(async () => {
    cleanDir = await mkdtemp(join(tmpdir(), 'iamfa-report-clean-'));
    // The administrator's first-run console password (no MFA yet) would be a finding: a fresh
    // server that reports nothing is one whose administrator signs in with keys only.
    const clean = await startTestServer({ dataDir: cleanDir });
    await clean.iam().send(new DeleteLoginProfileCommand({ UserName: 'admin' }));
    await clean.close();

    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-report-'));
    const t = await startTestServer({ dataDir, admin: randomAdminKey() });
    const iam = t.iam();
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'admin' }));
    await iam.send(new CreateUserCommand({ UserName: 'no-mfa' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'no-mfa', Password: 'Report-Passw0rd!' }));
    await iam.send(new CreateUserCommand({ UserName: 'with-mfa' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'with-mfa', Password: 'Report-Passw0rd!' }));
    await enabledDevice(iam, 'with-mfa', 'with-mfa');
    await iam.send(new CreateUserCommand({ UserName: 'old-keys' }));
    oldKey =
      (await iam.send(new CreateAccessKeyCommand({ UserName: 'old-keys' }))).AccessKey?.AccessKeyId ?? '';
    usedKey =
      (await iam.send(new CreateAccessKeyCommand({ UserName: 'old-keys' }))).AccessKey?.AccessKeyId ?? '';
    // Time passes: a key made 200 days ago and never used, one made 120 days ago and used last week,
    // and passwords set 100 days ago.
    await t.withDatabase(async (db) => {
      await db
        .updateTable('access_keys')
        .set({ created_at: daysAgo(200) })
        .where('id', '=', oldKey)
        .execute();
      await db
        .updateTable('access_keys')
        .set({
          created_at: daysAgo(120),
          last_used_at: daysAgo(7),
          last_used_service: 'iam',
          last_used_region: 'us-east-1',
        })
        .where('id', '=', usedKey)
        .execute();
      await db
        .updateTable('login_profiles')
        .set({ password_set_at: daysAgo(100) })
        .execute();
    });
    await t.close();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(cleanDir, { recursive: true, force: true });
  });

  it('finds nothing on a fresh server, and exits 0', async () => {
    const run = await iamfa('report', '--data-dir', cleanDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Console access without MFA: none');
    expect(run.stdout).toContain('Credentials unused for 90 days or more: none');
    expect(run.stdout).toContain('Access keys not rotated for 90 days or more: none');
  });

  it('prints each finding in its section, and exits 1', async () => {
    const run = await iamfa('report', '--data-dir', dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Console access without MFA \(1\):\n {2}no-mfa +arn:aws:iam::\d{12}:user\/no-mfa\n/,
    );
    expect(run.stdout).toContain('Credentials unused for 90 days or more (3):');
    expect(run.stdout).toMatch(new RegExp(`old-keys +${oldKey} +never used \\(200 days\\)`));
    expect(run.stdout).toMatch(/no-mfa +password +never used \(100 days\)/);
    expect(run.stdout).toContain('Access keys not rotated for 90 days or more (2):');
    expect(run.stdout).toMatch(
      new RegExp(`old-keys +${usedKey} +created \\d{4}-\\d\\d-\\d\\d \\(120 days ago\\)`),
    );
  });

  it('prints JSON, with limits of its own', async () => {
    const run = await iamfa('report', '--data-dir', dataDir, '--json', '--days', '150', '--key-age', '180');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as CredentialFindings & {
      account: string;
      unusedDays: number;
      keyAgeDays: number;
    };
    expect(out).toMatchObject({ unusedDays: 150, keyAgeDays: 180 });
    expect(out.consoleWithoutMfa.map((f) => f.user)).toEqual(['no-mfa']);
    expect(out.unusedCredentials).toEqual([
      {
        user: 'old-keys',
        arn: `arn:aws:iam::${out.account}:user/old-keys`,
        credential: oldKey,
        idleDays: 200,
      },
    ]);
    expect(out.oldAccessKeys.map((f) => [f.accessKeyId, f.ageDays])).toEqual([[oldKey, 200]]);
  });

  it('explains its exit status', async () => {
    const help = await iamfa('report', '--help');
    expect(help.stdout).toContain('Exit status: 0 no findings, 1 findings (for CI), 2 error.');
    expect((await iamfa('report', '--data-dir', dataDir, '--days', 'soon')).code).not.toBe(0);
  });
});
