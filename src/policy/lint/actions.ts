import type { ListElement, Located, Statement } from '../ast.js';
import type { ActionCatalog } from './catalog.js';
import { finding, type LintFinding } from './finding.js';
import { actionGlob } from './glob.js';
import { at, splitAction, type LintContext } from './rule.js';

/**
 * Rules on the values of Action and NotAction, checked against the catalog:
 * - `unknown-service` (error): IAM rejects a policy whose action names a service prefix that does
 *   not exist ("Invalid Action").
 * - `unknown-action` (warning): the service exists but has no such action, or a wildcard matches
 *   none of its actions. IAM accepts it, and it matches nothing — in a NotAction list of a Deny, an
 *   exemption that exempts nothing. (A warning, not an error: the catalog may lag behind AWS.)
 * - `retired-action` (warning): an action AWS has retired (seed 004's SMS MFA actions): it matches
 *   nothing in AWS today, though iamfa honours it for its SMS MFA devices.
 * - `action-case` (suggestion): IAM compares actions ignoring case, so `IAM:enablemfadevice` works,
 *   but it should be written as AWS spells it.
 * - `duplicate-action` (warning): the same action twice in one list (seed 001 lists `iam:GetUser`
 *   twice in its NotAction); usually a sign that another action was meant.
 * - `redundant-action` (suggestion): an action already covered by a wildcard of the same list.
 * Whitespace inside an action is a grammar error (`action-whitespace`, see grammar.ts).
 */

/** Actions AWS once had and no longer lists (the seeds still name them), with what they were for. */
const RETIRED: ReadonlyMap<string, string> = new Map([
  ['iam:requestsmsmfaregistration', 'SMS text-message MFA'],
  ['iam:finalizesmsmfaregistration', 'SMS text-message MFA'],
]);

/** Findings of the action rules for every statement. */
export function actionFindings({ policy, catalog }: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const statement of policy.statements) {
    for (const action of statement.action.values) {
      const problem = catalogProblem(action, catalog);
      if (problem) out.push(problem);
    }
    out.push(...repeats(statement));
  }
  return out;
}

function catalogProblem(action: Located, catalog: ActionCatalog): LintFinding | undefined {
  const parts = splitAction(action);
  if (!parts) return undefined;
  const { prefix, name } = parts;
  const service = catalog.service(prefix);
  if (service === undefined) {
    return finding(
      'error',
      'unknown-service',
      `Service prefix '${prefix}' in '${action.value}' is not an AWS service; IAM rejects the policy. ` +
        `Check the spelling against the Service Authorization Reference (e.g. 'iam', 'sts', 'ec2').`,
      action.span,
    );
  }
  if (/[*?]/.test(name)) {
    const pattern = actionGlob(name);
    const matched = catalog.actions(service).some((a) => pattern.test(a));
    if (matched) {
      return prefix === service
        ? undefined
        : caseFinding(action, `${service}:${name}`, `the service prefix is '${service}'`);
    }
    return finding(
      'warning',
      'unknown-action',
      `'${action.value}' matches no action of ${service}; it grants or exempts nothing. Check the spelling.`,
      action.span,
    );
  }
  const spelled = catalog.action(service, name);
  const retired = RETIRED.get(`${service}:${name}`.toLowerCase());
  if (spelled === undefined && retired !== undefined) {
    return finding(
      'warning',
      'retired-action',
      `'${action.value}' belonged to ${retired}, which AWS has retired: in AWS it matches nothing ` +
        `today. iamfa still honours it for its own SMS MFA devices; for AWS, remove it.`,
      action.span,
    );
  }
  if (spelled === undefined) {
    return finding(
      'warning',
      'unknown-action',
      `${service} has no action '${name}': '${action.value}' matches nothing. Check the spelling ` +
        `(actions are listed in the Service Authorization Reference).`,
      action.span,
    );
  }
  const correct = `${service}:${spelled}`;
  return action.value === correct ? undefined : caseFinding(action, correct, `AWS spells it '${correct}'`);
}

function caseFinding(action: Located, correct: string, why: string): LintFinding {
  return finding(
    'suggestion',
    'action-case',
    `'${action.value}' works (IAM ignores the case of actions), but ${why}: write '${correct}'.`,
    action.span,
  );
}

/** Repeated actions, and actions a wildcard of the same list already covers. */
function repeats(statement: Statement): LintFinding[] {
  const element: ListElement = statement.action;
  const name = element.negated ? 'NotAction' : 'Action';
  const out: LintFinding[] = [];
  const first = new Map<string, Located>();
  const wildcards = element.values.filter((v) => /[*?]/.test(v.value));
  for (const action of element.values) {
    const lower = action.value.toLowerCase();
    const earlier = first.get(lower);
    if (earlier) {
      out.push(
        finding(
          'warning',
          'duplicate-action',
          `'${action.value}' is already in this ${name} list (${at(earlier)}); remove the repeat, ` +
            `or write the action that was meant here.`,
          action.span,
        ),
      );
      continue;
    }
    first.set(lower, action);
    const cover = wildcards.find((w) => w !== action && actionGlob(w.value).test(action.value));
    if (cover && !/[*?]/.test(action.value)) {
      out.push(
        finding(
          'suggestion',
          'redundant-action',
          `'${action.value}' is already covered by '${cover.value}' (${at(cover)}) in this ${name} list; remove it.`,
          action.span,
        ),
      );
    }
  }
  return out;
}
