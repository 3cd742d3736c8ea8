import type { ConditionClause, Located, Span } from '../../src/policy/ast.js';
import { RequestContext, type ContextInput } from '../../src/policy/context.js';
import { compileClause } from '../../src/policy/conditions/clause.js';
import { parseOperator } from '../../src/policy/conditions/registry.js';

/** Helpers for the condition tests: build a ConditionClause as the parser would, then evaluate it. */

const POSITION = { line: 1, column: 1, offset: 0 };
const SPAN: Span = { start: POSITION, end: POSITION, path: 'Statement[0].Condition' };

function located(value: string): Located {
  return { value, span: SPAN };
}

/** Builds a clause from an operator as written (`ForAnyValue:StringLike`), a key and its values. */
export function clauseOf(operator: string, key: string, values: string | readonly string[]): ConditionClause {
  const parsed = parseOperator(operator);
  if (typeof parsed === 'string') throw new Error(parsed);
  return {
    operator: located(operator),
    base: parsed.operator.name,
    setOperator: parsed.setOperator,
    ifExists: parsed.ifExists,
    key: located(key),
    values: (typeof values === 'string' ? [values] : values).map(located),
    span: SPAN,
  };
}

/** One row of an operator table: the clause, the key's value in the request (omitted: missing), the result. */
export interface Row {
  readonly op: string;
  readonly values: string | readonly string[];
  readonly context?: ContextInput;
  /** Other context keys, e.g. the ones policy variables read. */
  readonly extra?: Readonly<Record<string, ContextInput>>;
  /** Whether policy variables are substituted (Version 2012-10-17); true when omitted. */
  readonly variables?: boolean;
  readonly expected: boolean;
}

/** A request context for a test. */
export function contextOf(entries: Readonly<Record<string, ContextInput | undefined>> = {}): RequestContext {
  return new RequestContext(entries);
}

/** The key every row tests. */
export const KEY = 'test:Key';

/** Compiles a row's clause and tests it against its context. */
export function evaluateRow(row: Row): boolean {
  const context = new RequestContext(row.extra);
  if (row.context !== undefined) context.set(KEY, row.context);
  return compileClause(clauseOf(row.op, KEY, row.values), row.variables ?? true).test(context);
}

/**
 * The missing-key rows for an operator family: plain, IfExists, ForAllValues, ForAnyValue, and the
 * same for the negated operator when the family has one.
 */
export function missingKeyRows(positive: string, negated: string | undefined, value: string): Row[] {
  const rows: Row[] = [
    { op: positive, values: value, expected: false },
    { op: `${positive}IfExists`, values: value, expected: true },
    { op: `ForAllValues:${positive}`, values: value, expected: true },
    { op: `ForAnyValue:${positive}`, values: value, expected: false },
    { op: `ForAnyValue:${positive}IfExists`, values: value, expected: true },
  ];
  if (negated) {
    rows.push(
      { op: negated, values: value, expected: true },
      { op: `${negated}IfExists`, values: value, expected: true },
      { op: `ForAllValues:${negated}`, values: value, expected: true },
      { op: `ForAnyValue:${negated}`, values: value, expected: false },
    );
  }
  return rows;
}

/** A readable test name for a row. */
export function describeRow(row: Row): string {
  const context = row.context === undefined ? 'missing' : JSON.stringify(row.context);
  const vars = row.variables === false ? ' (no variables)' : '';
  return `${row.op} ${JSON.stringify(row.values)} vs ${context}${vars} → ${row.expected}`;
}
