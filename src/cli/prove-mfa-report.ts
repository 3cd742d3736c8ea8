import { globalKeyName } from '../catalog/index.js';
import type { ContextValue, PolicySetInput } from '../policy/index.js';
import type { Counterexample, CredentialKind, ProofResult } from '../policy/prove/index.js';

/**
 * How `iamfa prove-mfa` shows its result: readable text (one block per hole with its
 * counterexamples) or JSON for tools; both name context keys as AWS spells them.
 */

/** The principal's keys, shown once at the top: every request of the proof carries them. */
const PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
  'aws:username',
  'aws:userid',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
]);

/** Milliseconds each step took. */
export interface Timing {
  readonly loadMs: number;
  readonly proofMs: number;
  readonly totalMs: number;
}

export interface Report {
  readonly subject: string;
  readonly result: ProofResult;
  readonly services: number;
  readonly selfService: readonly string[];
  readonly contexts: Readonly<Record<CredentialKind, Readonly<Record<string, ContextValue>>>>;
  readonly timing: Timing;
}

const KIND_NAMES: Readonly<Record<CredentialKind, string>> = {
  absent: 'long-term access keys (no MFA keys in the context)',
  false: 'session without MFA (aws:MultiFactorAuthPresent=false)',
  true: 'session with MFA (aws:MultiFactorAuthPresent=true)',
};

/**
 * A function naming lower-cased keys as written: global keys from the catalog, others as the
 * policies spell them in their conditions.
 */
export function keyNamer(policies: PolicySetInput): (lowerKey: string) => string {
  const written = new Map<string, string>();
  const all = [...policies.identity, policies.boundary, policies.resource, ...(policies.session ?? [])];
  for (const policy of all)
    for (const statement of policy?.document.statements ?? [])
      for (const clause of statement.conditions)
        written.set(clause.key.value.toLowerCase(), clause.key.value);
  return (key) => globalKeyName(key) ?? written.get(key) ?? key;
}

/** A context with keys named as AWS spells them, in a stable order. */
export function namedContext(
  context: Readonly<Record<string, ContextValue | undefined>>,
  name: (lowerKey: string) => string,
): Record<string, ContextValue | null> {
  const out: Record<string, ContextValue | null> = {};
  for (const key of Object.keys(context).sort()) out[name(key)] = context[key] ?? null;
  return out;
}

function show(value: ContextValue | null): string {
  if (value === null) return '(left out)';
  return typeof value === 'string'
    ? JSON.stringify(value)
    : `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function showContext(context: Readonly<Record<string, ContextValue | null>>): string {
  return Object.entries(context)
    .map(([key, value]) => `${key}=${show(value)}`)
    .join(', ');
}

function counterexampleLines(c: Counterexample, name: (k: string) => string, explain: boolean): string[] {
  const lines = [`  ${KIND_NAMES[c.kind]}: ${c.action} on ${c.resource}`];
  for (const s of c.allowedBy)
    lines.push(
      `    allowed by Allow ${s.sid ?? `Statement[${s.index}]`} in ${s.policy} (line ${s.line}, column ${s.column})`,
    );
  const chosen = namedContext(c.chosen, name);
  if (Object.keys(chosen).length > 0) lines.push(`    with the caller setting ${showContext(chosen)}`);
  if (explain) lines.push(...c.explanation.split('\n').map((l) => `    ${l}`));
  return lines;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The report as text. */
export function formatReport(report: Report, name: (k: string) => string, explain: boolean): string {
  const { result, timing } = report;
  const { stats, findings } = result;
  const out = [`Proving MFA enforcement for ${report.subject}.`, 'Requests are tried with:'];
  for (const kind of ['absent', 'false', 'true'] as const) {
    const mfa = namedContext(
      {
        'aws:multifactorauthpresent': report.contexts[kind]['aws:multifactorauthpresent'],
        'aws:multifactorauthage': report.contexts[kind]['aws:multifactorauthage'],
      },
      name,
    );
    out.push(`  ${KIND_NAMES[kind]}: ${showContext(mfa)}`);
  }
  const principal = Object.fromEntries(
    Object.entries(report.contexts.absent).filter(([k]) => PRINCIPAL_KEYS.has(k)),
  );
  out.push(`  as ${showContext(namedContext(principal, name))}`, '');

  for (const f of findings) {
    const why =
      f.reason === 'not-self-service'
        ? 'not on the self-service list'
        : "a self-service action, but on someone else's resource";
    out.push(`HOLE ${f.action}: allowed without MFA, ${why}`);
    for (const c of f.counterexamples) out.push(...counterexampleLines(c, name, explain));
    out.push('');
  }

  const byKind = (kind: CredentialKind) =>
    findings.filter((f) => f.counterexamples.some((c) => c.kind === kind)).length;
  out.push(
    findings.length === 0
      ? `PROVEN: without MFA, nothing is allowed beyond the self-service list (${report.selfService.length} actions; ${stats.selfServiceAllowed} of them allowed on the principal's own resources).`
      : `NOT PROVEN: ${findings.length} action${findings.length === 1 ? '' : 's'} allowed without MFA beyond the self-service list (${byKind('absent')} with long-term access keys, ${byKind('false')} with a session without MFA).`,
    `Checked all ${stats.actions} actions of ${report.services} services: ${stats.actionsNamedByAllow} named by an Allow (the rest are denied whatever the request), ${stats.requests} requests evaluated; ${stats.allowedWithMfa} actions allowed with MFA.`,
  );
  if (stats.contextLimited.length > 0)
    out.push(
      `Note: for ${stats.contextLimited.length} actions the conditions read too many keys to try every combination; each key was varied alone.`,
    );
  out.push(
    `Time: ${seconds(timing.totalMs)} (loading policies and catalog ${seconds(timing.loadMs)}, proof ${seconds(timing.proofMs)}).`,
  );
  return `${out.join('\n')}\n`;
}

/** The report as JSON. */
export function jsonReport(report: Report, name: (k: string) => string): string {
  const { result } = report;
  const contexts = Object.fromEntries(
    Object.entries(report.contexts).map(([kind, context]) => [kind, namedContext(context, name)]),
  );
  return `${JSON.stringify(
    {
      subject: report.subject,
      proven: result.findings.length === 0,
      selfService: report.selfService,
      contexts,
      stats: { ...result.stats, services: report.services },
      timing: report.timing,
      findings: result.findings.map((f) => ({
        ...f,
        counterexamples: f.counterexamples.map((c) => ({
          ...c,
          context: namedContext(c.context, name),
          chosen: namedContext(c.chosen, name),
        })),
      })),
    },
    null,
    2,
  )}\n`;
}
