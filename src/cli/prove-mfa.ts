import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadActionResources, resourceCandidates } from '../catalog/index.js';
import { PolicySet } from '../policy/index.js';
import { DEFAULT_SELF_SERVICE_ACTIONS, proveMfa, selfServiceList } from '../policy/prove/index.js';
import { DEFAULTS } from '../server/config.js';
import { isPostgresUrl } from '../store/open.js';
import { credentialContexts, fixedKeys } from './prove-mfa-contexts.js';
import { formatReport, jsonReport, keyNamer } from './prove-mfa-report.js';
import { readSubject, SubjectError } from './prove-mfa-subject.js';
import { terminalProgress } from './terminal-progress.js';

/**
 * `iamfa prove-mfa`: proves, for every action of AWS's catalog, that a user (or a group's member,
 * or whoever holds some policy files) can do nothing without MFA beyond the self-service list —
 * or prints a concrete request that gets through, for each action that does. Meant for CI.
 */

/** Exit statuses, documented in --help. */
const EXIT = { proven: 0, holes: 1, usage: 2 } as const;

/** The user a proof stands for when the policies come from files or a group. */
const DEFAULT_USER_NAME = 'iamfa-user';

const EXIT_HELP = `
Every action of the catalog (all services) is tried on the resources that matter for it — its
resource types' ARNs filled with the user's own names and with someone else's, '*', and ARNs
matching the policies' own Resource patterns — with long-term access keys (no MFA keys in the
context), a session without MFA (aws:MultiFactorAuthPresent=false) and a session with MFA. Context
keys the caller controls are tried at the values the conditions name. Each action allowed without
MFA, except self-service actions on the user's own resources, is reported with a counterexample.

Exit status:
  0  proven: nothing beyond the self-service list is allowed without MFA
  1  holes found (each printed with a request that gets through)
  2  the command line was wrong, or a file, the store, a user or a group could not be read

Examples:
  iamfa prove-mfa --policy force-mfa.json ec2-full-access.json
  iamfa prove-mfa --user alice --data-dir /var/lib/iamfa
  iamfa prove-mfa --group Developers --database-url postgres://iamfa@db/iamfa --json`;

interface ProveOptions {
  readonly user?: string;
  readonly group?: string;
  readonly policy?: string[];
  readonly boundary?: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly accountId: string;
  readonly userName: string;
  readonly region: string;
  readonly allow?: string[];
  readonly allowFile?: string;
  readonly defaultAllow: boolean;
  readonly json?: boolean;
  readonly explain?: boolean;
}

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('An account id is 12 digits.');
  return value;
}

function databaseUrl(value: string): string {
  if (!isPostgresUrl(value)) throw new InvalidArgumentError('A database URL starts with postgres://.');
  return value;
}

function action(value: string): string {
  if (!/^[a-z0-9*?-]+:[A-Za-z0-9*?]+$/i.test(value))
    throw new InvalidArgumentError(`'${value}' is not an action such as iam:ChangePassword.`);
  return value;
}

/** An allow file: one action a line; blank lines and `#` comments ignored. */
async function readAllowFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SubjectError(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const actions = text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
  for (const a of actions)
    try {
      action(a);
    } catch (e) {
      throw new SubjectError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  return actions;
}

async function run(options: ProveOptions): Promise<number> {
  const started = performance.now();
  const allowed = [
    ...(options.defaultAllow ? DEFAULT_SELF_SERVICE_ACTIONS : []),
    ...(options.allow ?? []),
    ...(options.allowFile === undefined ? [] : await readAllowFile(options.allowFile)),
  ];
  const progress = terminalProgress('prove-mfa', 'actions');
  progress.status('loading the policies and the catalog of actions');
  const [subject, catalog] = await Promise.all([readSubject(options), loadActionResources()]).finally(() =>
    progress.done(),
  );
  const loadMs = performance.now() - started;

  const { principal } = subject;
  const contexts = credentialContexts(principal, options.region, new Date());
  const actions = resourceCandidates(catalog, {
    partition: principal.arn.split(':')[1] ?? 'aws',
    region: options.region,
    account: principal.accountId,
    userName: principal.userName ?? options.userName,
  });
  const proofStarted = performance.now();
  const result = proveMfa({
    // Compiled once: every request of the proof is evaluated against the same compiled set.
    policies: PolicySet.compile(subject.policies),
    actions,
    contexts,
    principal: { arn: principal.arn, account: principal.accountId },
    selfService: selfServiceList(allowed),
    fixedKeys: fixedKeys(subject.tagsKnown),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.done();
  const proofMs = performance.now() - proofStarted;

  const name = keyNamer(subject.policies);
  const contextRecords = Object.fromEntries(
    (['absent', 'false', 'true'] as const).map((kind) => {
      const record: Record<string, string | readonly string[]> = {};
      for (const key of contexts[kind].keys()) {
        const value = contexts[kind].get(key);
        if (value !== undefined) record[key] = value;
      }
      return [kind, record];
    }),
  ) as Record<'absent' | 'false' | 'true', Record<string, string | readonly string[]>>;
  const report = {
    subject: subject.description,
    result,
    services: new Set(catalog.map((a) => a.action.slice(0, a.action.indexOf(':')))).size,
    selfService: allowed,
    contexts: contextRecords,
    timing: { loadMs, proofMs, totalMs: performance.now() - started },
  };
  process.stdout.write(
    options.json ? jsonReport(report, name) : formatReport(report, name, options.explain === true),
  );
  return result.findings.length === 0 ? EXIT.proven : EXIT.holes;
}

/** `iamfa prove-mfa`: proves MFA enforcement for a user, a group or policy files, for CI. */
export function proveMfaCommand(): Command {
  const command = new Command('prove-mfa');
  return (
    command
      .description(
        'Prove that nothing but the self-service list is allowed without MFA, for every action AWS has; print a counterexample for each hole.',
      )
      .option('--user <name>', "a user of the store: its own, its groups' and its boundary policies")
      .option('--group <name>', 'a group of the store: the policies it gives a member')
      .option('--policy <files...>', 'identity-based policy files (JSON)')
      .option('--boundary <file>', 'a permissions boundary policy file (with --policy)')
      .addOption(
        new Option('--data-dir <dir>', 'the data directory of the store (SQLite)')
          .env('IAMFA_DATA_DIR')
          .default(DEFAULTS.dataDir),
      )
      .addOption(
        new Option('--database-url <url>', 'a PostgreSQL store instead (postgres://…)')
          .env('IAMFA_DATABASE_URL')
          .argParser(databaseUrl),
      )
      .addOption(
        new Option('--account-id <id>', "the account of the user or group, and of the policy files' user")
          .env('IAMFA_ACCOUNT_ID')
          .argParser(accountId)
          .default(DEFAULTS.accountId),
      )
      .option(
        '--user-name <name>',
        'the user the proof stands for with --policy, or the member with --group',
        DEFAULT_USER_NAME,
      )
      .option('--region <region>', 'the region requests are made in', 'us-east-1')
      .option(
        '--allow <actions...>',
        "more actions allowed without MFA on the user's own resources (patterns like iam:List* too)",
        (value: string, previous: string[] = []) => [...previous, action(value)],
      )
      .option('--allow-file <file>', 'a file of such actions, one a line (# comments)')
      .option('--no-default-allow', "drop AWS's self-service actions from the list (then only --allow)")
      .option('--json', 'print the proof as JSON')
      .option('--explain', "print the engine's explanation of each counterexample")
      .addHelpText('after', EXIT_HELP)
      // Usage errors exit with 2 like unreadable input: in both cases nothing was proved.
      .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.proven : EXIT.usage))
      .action(async (options: ProveOptions) => {
        try {
          process.exitCode = await run(options);
        } catch (e) {
          // Whatever stopped the proof, exit 1 must keep meaning "holes found" to CI.
          const message = e instanceof Error ? e.message : String(e);
          command.error(`iamfa prove-mfa: ${message}`, { exitCode: EXIT.usage });
        }
      })
  );
}
