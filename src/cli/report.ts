import { Command, InvalidArgumentError } from 'commander';
import {
  credentialFindings,
  findingCount,
  type CredentialFindings,
  type FindingLimits,
} from '../iam/credential-findings.js';
import { reportedPrincipals } from '../iam/credential-report-rows.js';
import { openDataStore, withStoreOptions, type StoreOptions } from './data-store.js';
import { storeAccount } from './store-account.js';

/**
 * `iamfa report`: a credential review of the server's data, read offline from the same facts as
 * the credential report: who can sign in to the console without MFA, which passwords and access
 * keys have gone unused, which access keys are overdue for rotation.
 */

const HELP = `
Findings:
  console access without MFA   a user with a password and no enabled MFA device
  unused credentials           a password or active access key not used for --days days
                               (never used: counted from when it was set or created)
  old access keys              an active access key created more than --key-age days ago

Exit status: 0 no findings, 1 findings (for CI), 2 error.`;

interface ReportOptions extends StoreOptions {
  readonly account?: string;
  readonly days: number;
  readonly keyAge: number;
  readonly json?: boolean;
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('Expected a whole number of days.');
  return n;
}

/** Columns padded to their widest cell, indented under a section title. */
function section(title: string, rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return `${title}: none\n`;
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map(
    (r) =>
      `  ${r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}`,
  );
  return `${title} (${rows.length}):\n${lines.join('\n')}\n`;
}

const day = (iso: string): string => iso.slice(0, 10);

function text(findings: CredentialFindings, limits: FindingLimits): string {
  return [
    section(
      'Console access without MFA',
      findings.consoleWithoutMfa.map((f) => [f.user, f.arn]),
    ),
    section(
      `Credentials unused for ${limits.unusedDays} days or more`,
      findings.unusedCredentials.map((f) => [
        f.user,
        f.credential,
        f.lastUsed === undefined
          ? `never used (${f.idleDays} days)`
          : `last used ${day(f.lastUsed)} (${f.idleDays} days ago)`,
      ]),
    ),
    section(
      `Access keys not rotated for ${limits.keyAgeDays} days or more`,
      findings.oldAccessKeys.map((f) => [
        f.user,
        f.accessKeyId,
        `created ${day(f.createdAt)} (${f.ageDays} days ago)`,
      ]),
    ),
  ].join('\n');
}

/** `iamfa report`. */
export function reportCommand(): Command {
  return withStoreOptions(new Command('report'))
    .description(
      'Review credentials: console access without MFA, unused passwords and access keys, access keys not rotated.',
    )
    .option('--account <id>', 'the account to review (default: the only one)')
    .option('--days <n>', 'unused for this many days counts as unused', days, 90)
    .option('--key-age <n>', 'access keys older than this many days are due for rotation', days, 90)
    .option('--json', 'print the findings as JSON')
    .addHelpText('after', HELP)
    .action(async (options: ReportOptions) => {
      const store = await openDataStore(options);
      try {
        const accountId = await storeAccount(store, options.account);
        const now = new Date();
        const limits: FindingLimits = { unusedDays: options.days, keyAgeDays: options.keyAge };
        const principals = await store.transaction((tx) => reportedPrincipals(tx, accountId));
        const findings = credentialFindings(principals, limits, now);
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ account: accountId, generatedTime: now.toISOString(), ...limits, ...findings }, null, 2)}\n`
            : text(findings, limits),
        );
        process.exitCode = findingCount(findings) > 0 ? 1 : 0;
      } finally {
        await store.close();
      }
    });
}
