/**
 * The policy linter: findings with a severity, a stable code, a message that says how to fix the
 * problem, and its line and column. The action catalog is injected (src/catalog provides AWS's).
 */
export { lintPolicy, RULES, type LintOptions } from './lint.js';
export { compareFindings, SEVERITIES, type LintFinding, type Severity } from './finding.js';
export type { ActionCatalog, ConditionKeyInfo, ConditionKeyType } from './catalog.js';
export type { LintContext, LintRule } from './rule.js';
