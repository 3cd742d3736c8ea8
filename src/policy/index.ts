/**
 * iamfa's policy engine: parse, validate, compile, evaluate and explain AWS IAM policies.
 * Pure: no I/O, no storage, no HTTP.
 */
export type * from './ast.js';
export { RequestContext, type ContextValue, type ContextInput } from './context.js';
export { formatIssue, type PolicyIssue, type PolicyErrorCode } from './errors.js';
export { parsePolicy, type ParseResult, type ParseOptions } from './parse.js';
export { policySize, SIZE_LIMITS } from './limits.js';
export type { RequestPrincipal, PrincipalMatch } from './principal.js';
export type { SourcedPolicy } from './compile.js';
export type { CompiledStatement, PolicyCategory, PolicySource } from './statement.js';
export {
  PolicySet,
  type AuthorizationRequest,
  type Decision,
  type DecisionKind,
  type PolicySetInput,
} from './evaluate.js';
export {
  explain,
  formatExplanation,
  type Explanation,
  type StatementTrace,
  type ClauseTrace,
} from './explain.js';
export { OPERATOR_NAMES } from './conditions/registry.js';
export * from './lint/index.js';
