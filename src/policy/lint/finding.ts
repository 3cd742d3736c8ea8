import type { Span } from '../ast.js';

/**
 * What the linter reports. Severities follow IAM Access Analyzer's policy checks: an `error` makes
 * the policy wrong or unusable, a `security-warning` grants more than it seems to (or protects less),
 * a `warning` is likely a mistake, a `suggestion` is a tidier way to say the same thing.
 */
export type Severity = 'error' | 'security-warning' | 'warning' | 'suggestion';

/** Severities from the most to the least serious, for sorting and thresholds. */
export const SEVERITIES: readonly Severity[] = ['error', 'security-warning', 'warning', 'suggestion'];

/** One finding: how serious, a stable kebab-case code, how to fix it, and where (1-based line/column). */
export interface LintFinding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** The JSON path of the offending element, e.g. `Statement[3].Action[3]`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Builds a finding located at a span of the source text. */
export function finding(severity: Severity, code: string, message: string, span: Span): LintFinding {
  return {
    severity,
    code,
    message,
    path: span.path,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
  };
}

/** Orders findings by position, then by severity, then by code. */
export function compareFindings(a: LintFinding, b: LintFinding): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.code.localeCompare(b.code)
  );
}
