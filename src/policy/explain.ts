import type { CompiledClause } from './conditions/clause.js';
import type { ContextValue } from './context.js';
import type { AuthorizationRequest, Decision, PolicySet } from './evaluate.js';
import type { PrincipalMatch } from './principal.js';
import type { CompiledStatement } from './statement.js';

/** How one condition clause fared: the context value it saw (undefined: key missing). */
export interface ClauseTrace {
  readonly clause: CompiledClause;
  readonly value: ContextValue | undefined;
  readonly holds: boolean;
}

/** How one statement whose action matched fared, step by step. */
export interface StatementTrace {
  readonly statement: CompiledStatement;
  /** Variables without a value in this request: the values and resources using them match nothing. */
  readonly missingVariables: readonly string[];
  readonly resource: boolean;
  readonly principal: PrincipalMatch;
  readonly conditions: readonly ClauseTrace[];
  readonly applies: boolean;
}

export interface Explanation {
  readonly decision: Decision;
  readonly statements: readonly StatementTrace[];
}

function traceStatement(s: CompiledStatement, request: AuthorizationRequest): StatementTrace {
  const { context } = request;
  const missingVariables = s.requiredKeys.filter((k) => typeof context.get(k) !== 'string');
  const resource = s.matchesResource(request.resource, context);
  const principal = s.matchesPrincipal(request.principal);
  const conditions = s.clauses.map((clause) => ({
    clause,
    value: context.get(clause.lowerKey),
    holds: clause.test(context),
  }));
  const applies = resource && principal !== undefined && conditions.every((c) => c.holds);
  return { statement: s, missingVariables, resource, principal, conditions, applies };
}

/**
 * Decides a request and traces every statement whose action matched: which step excluded it,
 * which condition failed, which key was missing.
 */
export function explain(set: PolicySet, request: AuthorizationRequest): Explanation {
  const lowerAction = request.action.toLowerCase();
  const statements = [set.identity, set.resource, set.boundary, set.session]
    .flatMap((group) => group?.statements ?? [])
    .filter((s) => s.matchesAction(lowerAction, request.context))
    .map((s) => traceStatement(s, request));
  return { decision: set.evaluate(request), statements };
}

function describeValue(value: ContextValue | undefined): string {
  if (value === undefined) return 'key absent from the request';
  const text =
    typeof value === 'string' ? JSON.stringify(value) : `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return `request has ${text}`;
}

function describeStatement(t: StatementTrace): string[] {
  const { statement: s } = t;
  const at = s.statement.span.start;
  const name = `${s.statement.effect} ${s.statement.sid ?? `Statement[${s.statement.index}]`}`;
  const head = `${name} in ${s.source.id} (${s.category}, line ${at.line}, column ${at.column})`;
  const lines = [`${t.applies ? '✓ applies' : '✗ does not apply'}: ${head}`];
  if (t.missingVariables.length > 0)
    lines.push(
      `    policy variable without a value: ${t.missingVariables.map((k) => `\${${k}}`).join(', ')}`,
    );
  if (!t.resource) lines.push('    resource does not match');
  if (t.principal === undefined) lines.push('    principal does not match');
  for (const c of t.conditions) {
    const { operator, key, values } = c.clause.clause;
    const expected = values.map((v) => JSON.stringify(v.value)).join(', ');
    lines.push(
      `    ${c.holds ? '✓' : '✗'} ${operator.value} ${key.value} [${expected}]: ${describeValue(c.value)}`,
    );
  }
  return lines;
}

const VERDICT: Readonly<Record<Decision['decision'], string>> = {
  allowed: 'ALLOWED',
  explicitDeny: 'DENIED explicitly',
  implicitDeny: 'DENIED implicitly (no statement allows it)',
};

/** Renders an explanation as readable text, one statement after another. */
export function formatExplanation(request: AuthorizationRequest, explanation: Explanation): string {
  const { decision } = explanation.decision;
  const blocked = explanation.decision.blockedBy;
  const lines = [
    `${request.action} on ${request.resource}: ${VERDICT[decision]}${blocked.length ? ` by ${blocked.join(', ')} policies` : ''}`,
  ];
  if (explanation.statements.length === 0) lines.push('  no statement names this action');
  for (const t of explanation.statements) lines.push(...describeStatement(t).map((l) => `  ${l}`));
  return lines.join('\n');
}
