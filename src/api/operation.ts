import type { ContextPrincipal } from '../auth/request-context.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { SmsSender } from '../sms/sender.js';
import type { Store } from '../store/store.js';
import type { WireRequest } from './wire.js';

/** Who is calling, once authenticated: everything the request context is built from. */
export interface Caller extends ContextPrincipal {
  /** The IAM user behind the call, when there is one (operations default to it). */
  readonly userName?: string;
  /** The access key the request was signed with. */
  readonly accessKeyId?: string;
  /** The region in the signature's credential scope. */
  readonly region: string;
  /** For a role session (AssumeRole's credentials): the role, and the session policies passed. */
  readonly role?: RoleSessionCaller | undefined;
}

/** What a role session's caller carries beyond the request context. */
export interface RoleSessionCaller {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly sessionPolicy: string | null;
  readonly sessionPolicyArns: readonly string[];
}

/** Everything an operation handler may use besides its input. */
export interface CallContext {
  readonly store: Store;
  readonly caller: Caller;
  readonly requestId: string;
  /** The request's time: one clock for the whole operation. */
  readonly now: Date;
  /** Encrypts and decrypts secrets kept at rest (secret access keys, passwords, seeds). */
  readonly secrets: SecretBox;
  /** The request as received, for operations that authorize within themselves (AssumeRole). */
  readonly request?: WireRequest | undefined;
  /** Where SMS MFA codes are texted. */
  readonly sms: SmsSender;
}

/**
 * One API operation: the decoded, model-validated input in, the output structure out (members
 * named as in the AWS API model; undefined for operations without output).
 */
export type OperationHandler = (
  input: Readonly<Record<string, unknown>>,
  context: CallContext,
) => Promise<Record<string, unknown> | undefined>;

/** A service's handlers by operation name. */
export type Operations = Readonly<Record<string, OperationHandler>>;

/**
 * Declares a handler with a typed input (the model has validated its shape) and output.
 * @example export const getUser = operation<{ UserName?: string }, { User: User }>(async (input, ctx) => …);
 */
export function operation<I, O extends Record<string, unknown> | undefined>(
  handler: (input: I, context: CallContext) => Promise<O>,
): OperationHandler {
  return handler as unknown as OperationHandler;
}
