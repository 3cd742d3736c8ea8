import type { ContextValue, RequestContext } from '../context.js';
import type { PolicySet } from '../evaluate.js';
import type { RequestPrincipal } from '../principal.js';

/**
 * The three ways a request can stand with MFA, as AWS builds the context for each credential:
 * - `absent`: long-term access keys: neither `aws:MultiFactorAuthPresent` nor `aws:MultiFactorAuthAge`;
 * - `false`: temporary credentials obtained without MFA: `aws:MultiFactorAuthPresent` is `false`;
 * - `true`: temporary credentials obtained with MFA: `true`, and a small `aws:MultiFactorAuthAge`.
 */
export type CredentialKind = 'absent' | 'false' | 'true';

/** The kinds a request without MFA can take: a hole is an action one of them gets through. */
export const WITHOUT_MFA: readonly CredentialKind[] = ['absent', 'false'];

/**
 * Whose a candidate resource is, which decides whether a self-service action on it is exempt:
 * `self` (the principal's own user or MFA device), `other` (the same kind of resource of someone
 * else), `any` (a resource that belongs to no one in particular, or `*`).
 */
export type ResourceOwner = 'self' | 'other' | 'any';

/** One resource ARN to try an action on. */
export interface ResourceCandidate {
  readonly arn: string;
  readonly owner: ResourceOwner;
}

/** An action (`service:Name`, as AWS spells it) and the resources worth trying it on. */
export interface ProofAction {
  readonly action: string;
  readonly resources: readonly ResourceCandidate[];
}

/** Which actions a principal may use without MFA: exact names or `*`/`?` patterns, any case. */
export interface SelfServicePolicy {
  has(action: string): boolean;
}

/** Everything a proof needs; see {@link proveMfa}. */
export interface ProofInput {
  /** The principal's policies, compiled once. */
  readonly policies: PolicySet;
  /** Every action to prove, with its resource candidates (the catalog's, filled for the principal). */
  readonly actions: readonly ProofAction[];
  /** The context of a request of each kind, as the server builds it for this principal. */
  readonly contexts: Readonly<Record<CredentialKind, RequestContext>>;
  /** Who is asking (for statements with a Principal element). */
  readonly principal?: RequestPrincipal | undefined;
  /** Actions allowed without MFA by design (on the principal's own resources). */
  readonly selfService: SelfServicePolicy;
  /**
   * Lower-cased context keys the caller cannot choose (facts about the principal); a key ending
   * in `/` stands for every key it begins. The MFA keys are always fixed by the kind. Every other
   * key a condition reads is tried with the values that make it hold and fail.
   */
  readonly fixedKeys: readonly string[];
  /** The most contexts tried per action, resource and kind before falling back to one key at a time. */
  readonly maxContextVariants?: number | undefined;
  /** Called every few hundred actions, and at the end. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** A statement that allowed a counterexample, and where it is. */
export interface AllowingStatement {
  readonly policy: string;
  readonly sid: string | undefined;
  readonly index: number;
  readonly line: number;
  readonly column: number;
}

/** A concrete request the policies allow without MFA. */
export interface Counterexample {
  readonly action: string;
  readonly resource: string;
  readonly kind: CredentialKind;
  /** Every key of the request's context (lower-cased names). */
  readonly context: Readonly<Record<string, ContextValue>>;
  /** The keys the caller chose beyond the kind's base context (undefined: left out). */
  readonly chosen: Readonly<Record<string, ContextValue | undefined>>;
  readonly allowedBy: readonly AllowingStatement[];
  /** The engine's explanation of the decision, statement by statement. */
  readonly explanation: string;
}

/**
 * An action allowed without MFA: `not-self-service` when it is not on the self-service list,
 * `others-resource` when it is but was allowed on someone else's resource.
 */
export interface Finding {
  readonly action: string;
  readonly reason: 'not-self-service' | 'others-resource';
  /** One per kind that got through, `absent` first. */
  readonly counterexamples: readonly Counterexample[];
}

export interface ProofStats {
  /** Actions proved (all of the input). */
  readonly actions: number;
  /** Actions some Allow statement names: the rest are implicitly denied whatever the request. */
  readonly actionsNamedByAllow: number;
  /** Requests evaluated. */
  readonly requests: number;
  /** Actions allowed with MFA (on some resource): what the policies grant once MFA is used. */
  readonly allowedWithMfa: number;
  /** Self-service actions allowed without MFA on the principal's own resources. */
  readonly selfServiceAllowed: number;
  /** Actions whose free context keys had too many combinations to try them all. */
  readonly contextLimited: readonly string[];
}

export interface ProofResult {
  readonly findings: readonly Finding[];
  readonly stats: ProofStats;
}
