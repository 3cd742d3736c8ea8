import type { PolicyIssue } from '../errors.js';
import { finding, type LintFinding } from './finding.js';

/**
 * Grammar errors are the parser's own issues (json-syntax, invalid-action, invalid-condition-value,
 * …), reported as errors with the parser's code, message and position: AWS rejects such a policy
 * with MalformedPolicyDocument. One refinement: whitespace inside an action (seed 002's
 * `"iam: EnableMFADevice"`) gets its own code, `action-whitespace`, since it is the usual copy-paste
 * accident and deserves a search-able name.
 */

/**
 * Turns the parser's issues into error findings.
 * @example grammarFindings(text, parsed.ok ? [] : parsed.errors)
 */
export function grammarFindings(text: string, issues: readonly PolicyIssue[]): LintFinding[] {
  return issues.map((issue) => {
    const code =
      issue.code === 'invalid-action' && /\s/.test(stringAt(text, issue) ?? '')
        ? 'action-whitespace'
        : issue.code;
    return finding('error', code, issue.message, issue.span);
  });
}

/** The JSON string an issue points at, decoded; undefined when it points at something else. */
function stringAt(text: string, issue: PolicyIssue): string | undefined {
  const literal = text.slice(issue.span.start.offset, issue.span.end.offset);
  if (!literal.startsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
