import type { PolicyKind } from '../ast.js';
import { parsePolicy } from '../parse.js';
import { actionFindings } from './actions.js';
import type { ActionCatalog } from './catalog.js';
import { conditionKeyFindings } from './condition-keys.js';
import { enrolmentFindings } from './enrolment.js';
import { compareFindings, type LintFinding } from './finding.js';
import { grammarFindings } from './grammar.js';
import { mfaFindings } from './mfa.js';
import { placeholderFindings } from './placeholders.js';
import { recoverPolicy } from './recover.js';
import type { LintRule } from './rule.js';
import { setOperatorFindings } from './set-operators.js';
import { variableFindings } from './variables.js';
import { wildcardFindings } from './wildcards.js';

/** Every rule family, in no particular order (findings are sorted by position). */
export const RULES: readonly LintRule[] = [
  actionFindings,
  placeholderFindings,
  mfaFindings,
  enrolmentFindings,
  setOperatorFindings,
  variableFindings,
  wildcardFindings,
  conditionKeyFindings,
];

export interface LintOptions {
  readonly catalog: ActionCatalog;
  /** The kind of policy the text is (decides e.g. whether Principal is allowed); `managed` by default. */
  readonly kind?: PolicyKind;
}

/**
 * Lints a policy text: the parser's grammar errors, then every rule over the parsed tree (or, when
 * the parser rejected the text, over what can still be read of it). Sorted by position.
 * @example lintPolicy(text, { catalog: await loadActionCatalog() }).filter((f) => f.severity === 'error')
 */
export function lintPolicy(text: string, options: LintOptions): LintFinding[] {
  const parsed = parsePolicy(text, { kind: options.kind ?? 'managed' });
  const issues = parsed.ok ? [] : parsed.errors;
  const policy = parsed.ok
    ? parsed.policy
    : recoverPolicy(text, new Set(issues.map((i) => i.span.start.offset)));
  const findings = grammarFindings(text, issues);
  if (policy) {
    const context = { policy, catalog: options.catalog };
    for (const rule of RULES) findings.push(...rule(context));
  }
  return findings.sort(compareFindings);
}
