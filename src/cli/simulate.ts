import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { IamError } from '../iam/errors.js';
import { simulationContext, type ContextEntry, type ContextKeyType } from '../iam/simulation-context.js';
import { inputPolicy, type SimulatedPolicy } from '../iam/simulation-policies.js';
import { checkActions, Simulator, type EvaluationResult } from '../iam/simulation.js';

/**
 * `iamfa simulate`: the policy simulator offline, on policy files, with the engine that enforces.
 * Prints a table of each action on each resource and its decision, then the engine's explanation
 * of every decision (which statement applied, which condition failed on which key); `--json`
 * prints the EvaluationResults exactly as SimulateCustomPolicy answers them.
 */

const TYPES: ReadonlySet<string> = new Set<ContextKeyType>([
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
]);

/** The account the simulated caller is in when none is given: any account works the same offline. */
const OFFLINE_ACCOUNT = '123456789012';

/** `key=type:value` (list types: values separated by commas) as a ContextEntry. */
export function parseContextEntry(text: string): ContextEntry {
  const equals = text.indexOf('=');
  const colon = text.indexOf(':', equals + 1);
  const type = text.slice(equals + 1, colon);
  if (equals <= 0 || colon < 0 || !TYPES.has(type))
    throw new InvalidArgumentError(
      `Expected key=type:value with a type among ${[...TYPES].join(', ')}, e.g. aws:MultiFactorAuthPresent=boolean:true.`,
    );
  const value = text.slice(colon + 1);
  return {
    ContextKeyName: text.slice(0, equals),
    ContextKeyType: type as ContextKeyType,
    ContextKeyValues: type.endsWith('List') ? value.split(',') : [value],
  };
}

function collect(value: string, previous: ContextEntry[] = []): ContextEntry[] {
  return [...previous, parseContextEntry(value)];
}

interface SimulateOptions {
  readonly policy: string[];
  readonly boundary?: string;
  readonly action: string[];
  readonly resource?: string[];
  readonly context?: ContextEntry[];
  readonly json?: boolean;
}

/** A policy file, named by its file name (the simulator's SourcePolicyId). */
function policyFile(
  file: string,
  type: SimulatedPolicy['type'],
  kind: 'managed' | 'boundary',
): SimulatedPolicy {
  return inputPolicy(readFileSync(file, 'utf8'), basename(file), type, kind);
}

/** Columns padded to their widest cell. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function report(results: readonly EvaluationResult[], simulator: Simulator): string {
  const rows = [
    ['ACTION', 'RESOURCE', 'DECISION', 'MISSING CONTEXT'],
    ...results.map((r) => [
      r.EvalActionName,
      r.EvalResourceName,
      r.EvalDecision,
      r.MissingContextValues.join(', '),
    ]),
  ];
  const explanations = results.map((r) => simulator.explain(r.EvalActionName, r.EvalResourceName));
  return `${table(rows)}\n\n${explanations.join('\n\n')}\n`;
}

/** `iamfa simulate`: decisions for actions on resources under policy files, explained. */
export function simulateCommand(): Command {
  const command = new Command('simulate');
  return command
    .description(
      'Simulate IAM policy files offline: decide each action on each resource, as enforcement would, and explain why.',
    )
    .requiredOption('--policy <files...>', 'identity-based policy files (JSON)')
    .option('--boundary <file>', 'a permissions boundary policy file')
    .requiredOption('--action <actions...>', 'actions to simulate, e.g. iam:ListUsers')
    .option('--resource <arns...>', 'resource ARNs (default: *)')
    .addOption(
      new Option(
        '--context <key=type:value>',
        'a context key the request carries, e.g. aws:MultiFactorAuthPresent=boolean:true (repeatable; list types take comma-separated values)',
      ).argParser(collect),
    )
    .option('--json', 'print the EvaluationResults as SimulateCustomPolicy returns them')
    .action((options: SimulateOptions) => {
      try {
        checkActions(options.action);
        const simulator = new Simulator({
          identity: options.policy.map((f) => policyFile(f, 'IAM Policy', 'managed')),
          boundary:
            options.boundary === undefined
              ? undefined
              : policyFile(options.boundary, 'Permissions Boundary Policy', 'boundary'),
          actions: options.action,
          resources: options.resource ?? ['*'],
          context: simulationContext(options.context),
          callerAccount: OFFLINE_ACCOUNT,
        });
        const results = options.action.flatMap((action) =>
          (options.resource ?? ['*']).map((resource) => simulator.evaluate(action, resource)),
        );
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ EvaluationResults: results }, null, 2)}\n`
            : report(results, simulator),
        );
      } catch (e) {
        // A policy that does not parse, or a context value of the wrong type: say what and where.
        if (e instanceof IamError) command.error(`${e.code}: ${e.message}`);
        if (e instanceof Error && 'code' in e && e.code === 'ENOENT') command.error(e.message);
        throw e;
      }
    });
}
