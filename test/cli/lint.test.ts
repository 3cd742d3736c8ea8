import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamfa } from '../support/iamfa-cli.js';

/**
 * `iamfa lint` as a user runs it: the real CLI from source in its own process, its output and its
 * exit status.
 */

const FIXTURES = 'test/fixtures/policies';

const lint = (...args: string[]) => iamfa('lint', ...args);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iamfa-lint-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('iamfa lint', () => {
  it('prints FILE:LINE:COL severity code message per finding, grouped by file, and a summary; exit 1 on errors', async () => {
    const seed002 = `${FIXTURES}/002-force-mfa.json`;
    const seed001 = `${FIXTURES}/001-enforce-mfa-console.json`;
    const run = await lint(seed002, seed001);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      `${seed002}:50:9 error action-whitespace Action 'iam: EnableMFADevice' contains whitespace; remove it: 'iam:EnableMFADevice'.`,
    );
    expect(lines.some((l) => l.startsWith(`${seed002}:12:17 error placeholder-account-id `))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${seed002}:64:9 warning mfa-null-check `))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${seed001}:101:17 warning duplicate-action `))).toBe(true);
    // Grouped: all of 002's lines, a blank line, then 001's.
    const firstOf001 = lines.findIndex((l) => l.startsWith(seed001));
    expect(lines.slice(0, firstOf001 - 1).every((l) => l.startsWith(`${seed002}:`))).toBe(true);
    expect(lines[firstOf001 - 1]).toBe('');
    expect(lines.at(-1)).toBe('2 files checked: 7 errors, 1 security warning, 2 warnings, 0 suggestions.');
    expect(run.stderr).toBe('');
  });

  it('exits 1 on a security warning alone', async () => {
    const run = await lint(`${FIXTURES}/aws-self-manage-mfa-device.json`);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/:25:17 security-warning mfa-enrolment-without-mfa /);
  });

  it('exits 0 when there are only warnings and suggestions, or nothing', async () => {
    const warnings = join(dir, 'warnings.json');
    await writeFile(
      warnings,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['IAM:GetUser', 'iam:GetUser'], Resource: '*' }],
      }),
    );
    const clean = join(dir, 'clean.json');
    await writeFile(
      clean,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }],
      }),
    );
    const run = await lint(warnings, clean);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${warnings}:1:66 suggestion action-case `);
    expect(run.stdout).toContain(`${warnings}:1:80 warning duplicate-action `);
    expect(run.stdout).toContain(`${clean}: no findings`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      '2 files checked: 0 errors, 0 security warnings, 1 warning, 1 suggestion.',
    );
  });

  it('exits 2 when a file cannot be read, still linting the others', async () => {
    const missing = join(dir, 'missing.json');
    const run = await lint(`${FIXTURES}/003-require-mfa.json`, missing);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${missing}: cannot read: ENOENT`);
    expect(run.stdout).toContain('003-require-mfa.json:25:17 security-warning');
    expect(run.stdout).toContain('2 files checked, 1 unreadable:');
  });

  it('prints JSON with --json', async () => {
    const run = await lint('--json', `${FIXTURES}/002-force-mfa.json`, join(dir, 'missing.json'));
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      files: {
        file: string;
        findings?: { code: string; line: number; column: number; severity: string }[];
        error?: string;
      }[];
      summary: Record<string, number>;
    };
    expect(report.files[0]?.findings).toContainEqual(
      expect.objectContaining({ code: 'action-whitespace', line: 50, column: 9, severity: 'error' }),
    );
    expect(report.files[1]?.error).toContain('ENOENT');
    expect(report.summary).toEqual({
      files: 2,
      unreadable: 1,
      error: 7,
      'security-warning': 0,
      warning: 1,
      suggestion: 0,
    });
  });

  it('lints other policy kinds with --kind', async () => {
    const trust = join(dir, 'trust.json');
    await writeFile(
      trust,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
        ],
      }),
    );
    expect((await lint('--kind', 'trust', trust)).code).toBe(0);
    const asManaged = await lint(trust);
    expect(asManaged.code).toBe(1);
    expect(asManaged.stdout).toContain('principal-not-allowed');
  });

  it('documents itself and its exit statuses with --help; usage errors exit 2', async () => {
    const help = await lint('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: iamfa lint [options] <files...>');
    expect(help.stdout).toContain('--json');
    expect(help.stdout).toMatch(/Exit status:\n\s+0 .*\n\s+1 .*error or security warning\n\s+2 /);
    const bad = await lint('--bogus', 'x.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
    expect((await lint()).code).toBe(2);
  });
});
