/** IAM ARNs: `arn:aws:iam::ACCOUNT:TYPE/PATH/NAME` (the path starts and ends with `/`). */
export function iamArn(
  accountId: string,
  type: 'user' | 'group' | 'policy' | 'role' | 'mfa' | 'sms-mfa',
  path: string,
  name: string,
): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

/** The prefix of every AWS managed policy's ARN. */
export const AWS_MANAGED_POLICY_PREFIX = 'arn:aws:iam::aws:policy/';
