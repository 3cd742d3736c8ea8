import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { loadActionCatalog } from '../catalog/index.js';
import type { PolicyKind } from '../policy/ast.js';
import { lintPolicy, SEVERITIES, type LintFinding, type Severity } from '../policy/lint/index.js';

/**
 * `iamfa lint FILE…`: lints policy documents the way CI wants it — one line per finding, grouped
 * by file, a summary, and an exit status to gate on.
 */

const KINDS: readonly PolicyKind[] = [
  'managed',
  'user-inline',
  'group-inline',
  'role-inline',
  'trust',
  'resource',
  'boundary',
  'session',
];

/** Exit statuses, documented in --help. */
const EXIT = { clean: 0, findings: 1, unreadable: 2 } as const;

/** Severities that fail the run: what a policy must not be deployed with. */
const FAILING: ReadonlySet<Severity> = new Set(['error', 'security-warning']);

type FileResult =
  | { readonly file: string; readonly findings: readonly LintFinding[] }
  | { readonly file: string; readonly error: string };

const EXIT_HELP = `
Exit status:
  0  no errors and no security warnings (warnings and suggestions do not fail the run)
  1  at least one error or security warning
  2  a file could not be read, or the command line was wrong (takes precedence over 1)

Each finding is printed as FILE:LINE:COLUMN SEVERITY CODE MESSAGE; severities are error,
security-warning, warning and suggestion. --json prints {files, summary} instead.`;

/** `iamfa lint`: reports the findings of every policy file given. */
export function lintCommand(): Command {
  return (
    new Command('lint')
      .description('Check IAM policy documents: grammar, actions, placeholders, conditions and MFA pitfalls.')
      .argument('<files...>', 'policy documents (JSON)')
      .addOption(
        new Option('--kind <kind>', 'what kind of policy the files are').choices(KINDS).default('managed'),
      )
      .option('--json', 'print the findings as JSON')
      .addHelpText('after', EXIT_HELP)
      // Usage errors exit with 2 like unreadable files: in both cases nothing was linted.
      .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.clean : EXIT.unreadable))
      .action(async (files: string[], options: { kind: PolicyKind; json?: boolean }) => {
        const catalog = await loadActionCatalog();
        const results = await Promise.all(
          files.map(async (file): Promise<FileResult> => {
            let text: string;
            try {
              text = await readFile(file, 'utf8');
            } catch (e) {
              return { file, error: e instanceof Error ? e.message : String(e) };
            }
            return { file, findings: lintPolicy(text, { catalog, kind: options.kind }) };
          }),
        );
        const summary = summarize(results);
        if (options.json) process.stdout.write(`${JSON.stringify({ files: results, summary }, null, 2)}\n`);
        else printReadable(results, summary);
        process.exitCode = results.some((r) => 'error' in r)
          ? EXIT.unreadable
          : results.some((r) => 'findings' in r && r.findings.some((f) => FAILING.has(f.severity)))
            ? EXIT.findings
            : EXIT.clean;
      })
  );
}

type Summary = Record<Severity, number> & { files: number; unreadable: number };

function summarize(results: readonly FileResult[]): Summary {
  const summary: Summary = {
    files: results.length,
    unreadable: 0,
    error: 0,
    'security-warning': 0,
    warning: 0,
    suggestion: 0,
  };
  for (const result of results) {
    if ('error' in result) summary.unreadable++;
    else for (const f of result.findings) summary[f.severity]++;
  }
  return summary;
}

function printReadable(results: readonly FileResult[], summary: Summary): void {
  const out: string[] = [];
  for (const result of results) {
    if ('error' in result) {
      process.stderr.write(`${result.file}: cannot read: ${result.error}\n`);
      continue;
    }
    if (result.findings.length === 0) out.push(`${result.file}: no findings`);
    for (const f of result.findings)
      out.push(`${result.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
    out.push('');
  }
  const counts = SEVERITIES.map((s) => plural(summary[s], s.replace('-', ' '))).join(', ');
  const unreadable = summary.unreadable > 0 ? `, ${summary.unreadable} unreadable` : '';
  out.push(`${plural(summary.files, 'file')} checked${unreadable}: ${counts}.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
