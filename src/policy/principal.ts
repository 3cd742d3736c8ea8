/** Who is making a request, as resource-based and trust policies see it. */
export interface RequestPrincipal {
  /** The caller's ARN: an IAM user, an assumed-role session, an account root, or a service name. */
  readonly arn: string;
  /** The caller's account (empty for a service principal). */
  readonly account: string;
  /** For an assumed-role session, the role's ARN: `Principal: {"AWS": roleArn}` matches it too. */
  readonly roleArn?: string;
  /** For an AWS service principal, e.g. `ec2.amazonaws.com`. */
  readonly service?: string;
  /** For a web-identity or SAML federated principal, the provider. */
  readonly federated?: string;
}

/**
 * How a Principal element matched the caller, which decides what a same-account resource-policy
 * Allow can do on its own (AWS policy evaluation logic):
 * - `direct`: it named this exact principal (user or session ARN, or `*`): not limited by an
 *   implicit deny in identity policies, a permissions boundary or a session policy;
 * - `role`: it named the role of this session: not limited by identity policies, but by boundary
 *   and session policies;
 * - `account`: it named the account (or matched through NotPrincipal): the account's own identity
 *   policies must allow too.
 */
export type PrincipalMatch = 'direct' | 'role' | 'account' | undefined;
