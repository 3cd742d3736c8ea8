/**
 * Moving an account's description to another account id: every standalone occurrence of the
 * source account's 12-digit id, in any string of the file (ARNs, trust policy principals, resource
 * ARNs and condition values in policy documents), becomes the target's. A user's policy that names
 * `arn:aws:iam::111122223333:user/${aws:username}` must name the account it now lives in, or it
 * would allow nothing there; other accounts' ids (cross-account trusts) are left as they are.
 */

const IAM_ARN_ACCOUNT = /^arn:aws:iam::(\d{12}):/;

/** The account the file's users, groups, roles and customer managed policies belong to, if any. */
export function sourceAccount(arns: readonly string[]): string | undefined {
  const accounts = new Set<string>();
  for (const arn of arns) {
    const match = IAM_ARN_ACCOUNT.exec(arn);
    if (match?.[1] !== undefined) accounts.add(match[1]);
  }
  if (accounts.size > 1)
    throw new Error(
      `The file describes several accounts (${[...accounts].join(', ')}); import one at a time.`,
    );
  return [...accounts][0];
}

/** `value` (parsed JSON) with `from` replaced by `to` wherever it stands alone in a string. */
export function rewriteAccount(value: unknown, from: string, to: string): unknown {
  if (from === to) return value;
  const pattern = new RegExp(`(?<!\\d)${from}(?!\\d)`, 'g');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, to);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value);
}
