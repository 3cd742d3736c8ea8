/**
 * The typed tree of a parsed policy document. Every node keeps where it came from (JSON path and
 * source span), so errors, explanations and SimulatePrincipalPolicy positions point at the text.
 */

/** A place in the source text: 1-based line and column, 0-based offset. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Where a node starts and ends in the source text, and its JSON path (`Statement[1].Action[0]`). */
export interface Span {
  readonly start: Position;
  readonly end: Position;
  readonly path: string;
}

/** A scalar from the document together with its span. */
export interface Located<T = string> {
  readonly value: T;
  readonly span: Span;
}

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

/** The policy kinds AWS distinguishes; they decide which elements are allowed and the size limit. */
export type PolicyKind =
  'managed' | 'user-inline' | 'group-inline' | 'role-inline' | 'trust' | 'resource' | 'boundary' | 'session';

export interface PolicyDocument {
  /** `2008-10-17` when the document has no `Version`, as AWS reads it. */
  readonly version: PolicyVersion;
  readonly versionGiven: boolean;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
  readonly span: Span;
}

/** `Action` or `NotAction` (and likewise for resources): the values and which of the two it was. */
export interface ListElement {
  readonly negated: boolean;
  readonly values: readonly Located[];
  readonly span: Span;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly value: Located;
}

/** `Principal`/`NotPrincipal`: either `"*"` or typed entries. */
export interface PrincipalElement {
  readonly negated: boolean;
  readonly wildcard: boolean;
  readonly entries: readonly PrincipalEntry[];
  readonly span: Span;
}

export type SetOperator = 'ForAllValues' | 'ForAnyValue';

/** One `operator: { key: values }` pair of a Condition block. */
export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: Located;
  /** The base operator name, e.g. `StringLike`. */
  readonly base: string;
  readonly setOperator: SetOperator | undefined;
  readonly ifExists: boolean;
  readonly key: Located;
  readonly values: readonly Located[];
  readonly span: Span;
}

export interface Statement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly action: ListElement;
  /** Absent only in policies whose kind allows it (trust policies). */
  readonly resource: ListElement | undefined;
  readonly principal: PrincipalElement | undefined;
  readonly conditions: readonly ConditionClause[];
  readonly span: Span;
}
