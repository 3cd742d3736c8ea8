import type { Span } from './ast.js';

/** Stable codes for what can be wrong with a policy document. */
export type PolicyErrorCode =
  | 'json-syntax'
  | 'duplicate-key'
  | 'invalid-character'
  | 'wrong-type'
  | 'unknown-element'
  | 'missing-element'
  | 'conflicting-elements'
  | 'prohibited-element'
  | 'invalid-version'
  | 'invalid-effect'
  | 'invalid-sid'
  | 'duplicate-sid'
  | 'invalid-action'
  | 'invalid-resource'
  | 'invalid-principal'
  | 'principal-not-allowed'
  | 'invalid-condition-operator'
  | 'invalid-condition-key'
  | 'invalid-condition-value'
  | 'invalid-variable'
  | 'size-limit';

/** One thing wrong with a policy document: what, and where (JSON path, line and column). */
export interface PolicyIssue {
  readonly code: PolicyErrorCode;
  readonly message: string;
  readonly span: Span;
}

/** Formats an issue as one line, e.g. `Statement[0].Effect (line 4, column 17): Effect must be …`. */
export function formatIssue(issue: PolicyIssue): string {
  const { path, start } = issue.span;
  return `${path || 'policy'} (line ${start.line}, column ${start.column}): ${issue.message}`;
}
