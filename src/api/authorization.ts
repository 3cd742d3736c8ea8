import type { ContextInput } from '../policy/index.js';
import type { Tx } from '../store/store.js';
import type { Caller } from './operation.js';

/** One authorization check an operation needs: an IAM action on a resource, with its condition keys. */
export interface AuthorizationCheck {
  /** `service:Action`, e.g. `iam:EnableMFADevice`. */
  readonly action: string;
  /** The resource's ARN as AWS builds it (with the entity's path), or `*`. */
  readonly resource: string;
  /** Condition keys the request carries for this check (e.g. `iam:PolicyARN`, `aws:TagKeys`). */
  readonly context?: Readonly<Record<string, ContextInput>>;
}

/** What a resolver may use: the decoded input, the caller, and a read transaction. */
export interface ResolveContext {
  readonly caller: Caller;
  readonly tx: Tx;
}

/**
 * How one operation is authorized: the checks AWS makes for it (usually one; e.g. CreateUser with
 * Tags also needs iam:TagUser), resolved from the operation's input.
 */
export type OperationAuthorization = (
  input: Readonly<Record<string, unknown>>,
  context: ResolveContext,
) => Promise<readonly AuthorizationCheck[]>;

/** A service's authorizations by operation name; every operation the service serves has one. */
export type Authorizations = Readonly<Record<string, OperationAuthorization>>;
