import type { ConditionClause, Located, PolicyDocument, Statement } from '../ast.js';
import type { ActionCatalog } from './catalog.js';
import type { LintFinding } from './finding.js';

/** What every rule is given: the (possibly recovered) policy tree and the action catalog. */
export interface LintContext {
  readonly policy: PolicyDocument;
  readonly catalog: ActionCatalog;
}

/** A rule family: pure, reads the tree, returns its findings in any order. */
export type LintRule = (context: LintContext) => LintFinding[];

/** Every condition clause of a policy with the statement that holds it. */
export function* clausesOf(policy: PolicyDocument): Generator<[Statement, ConditionClause]> {
  for (const statement of policy.statements)
    for (const clause of statement.conditions) yield [statement, clause];
}

/** `service:action` split at its only colon; undefined for `*` or text without one. */
export function splitAction(action: Located): { prefix: string; name: string } | undefined {
  const colon = action.value.indexOf(':');
  if (colon < 0) return undefined;
  return { prefix: action.value.slice(0, colon), name: action.value.slice(colon + 1) };
}

/** `line L, column C` of a located value, for messages that refer to another place. */
export function at(located: Located): string {
  return `line ${located.span.start.line}, column ${located.span.start.column}`;
}
