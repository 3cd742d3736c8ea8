import type { Located } from '../ast.js';
import { finding, type LintFinding } from './finding.js';
import type { LintContext } from './rule.js';

/**
 * Placeholders left in place from a template (seed 002's `ACCOUNT-ID-WITHOUT-HYPHENS`, seed 004's
 * `accountid`). An ARN's account field is 12 digits, empty, `aws` (AWS managed policies), a
 * wildcard or a policy variable; anything else with a letter in it is a placeholder, and the ARN
 * matches no real resource. Where a whole value is an account (aws:SourceAccount, Principal "AWS")
 * the same test applies to the value. Text in angle brackets (`<account-id>`, `<bucket>`) is a
 * placeholder wherever it appears.
 *
 * Not flagged: `123456789012` and `111122223333`. They are AWS's documentation examples, but they are
 * also well-formed account IDs that tests (this project's included) use on purpose.
 *
 * - `placeholder-account-id` (error): the account field or value is a placeholder.
 * - `placeholder-text` (error): `<…>` text in a resource, principal or condition value.
 * - `account-id-format` (warning): digits written with hyphens (`1234-5678-9012`), which IAM does not read.
 */

/** Findings of the placeholder rules for resources, principals and condition values. */
export function placeholderFindings({ policy }: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const statement of policy.statements) {
    for (const value of statement.resource?.values ?? []) out.push(...inValue(value, false));
    for (const entry of statement.principal?.entries ?? [])
      out.push(...inValue(entry.value, entry.type === 'AWS'));
    for (const clause of statement.conditions) {
      const accountKey = /account$/i.test(clause.key.value);
      for (const value of clause.values) out.push(...inValue(value, accountKey));
    }
  }
  return out;
}

/** A placeholder word: ACCOUNT-ID, account_id, AccountNumber, your-account, … */
const PLACEHOLDER_WORD = /account[-_ ]?(?:id|number|no)|your[-_ ]?account|aws[-_ ]?account/i;
const ACCOUNT_OK = /^(?:\d{12}|aws|[\d*?]*)$/;
const HYPHENATED = /^\d{4}-\d{4}-\d{4}$/;

function inValue(value: Located, wholeIsAccount: boolean): LintFinding[] {
  const angle = /<[^<>]+>/.exec(value.value);
  if (angle) {
    return [
      finding(
        'error',
        'placeholder-text',
        `'${angle[0]}' in '${value.value}' is a template placeholder: replace it with the real value.`,
        value.span,
      ),
    ];
  }
  const account = value.value.startsWith('arn:')
    ? value.value.split(':')[4]
    : wholeIsAccount
      ? wholeAccount(value.value)
      : undefined;
  if (account === undefined || account.includes('${') || ACCOUNT_OK.test(account)) return [];
  if (HYPHENATED.test(account)) {
    return [
      finding(
        'warning',
        'account-id-format',
        `Account ID '${account}' in '${value.value}' has hyphens; write the 12 digits without them: ` +
          `'${account.replaceAll('-', '')}'.`,
        value.span,
      ),
    ];
  }
  if (!/[a-z]/i.test(account) && !PLACEHOLDER_WORD.test(account)) return [];
  return [
    finding(
      'error',
      'placeholder-account-id',
      `'${account}' in '${value.value}' is a placeholder, not an account ID: replace it with your 12-digit ` +
        `AWS account ID (or '*' for any account). As written it matches nothing.`,
      value.span,
    ),
  ];
}

/** The account part of a Principal "AWS" value or account-valued condition: the whole value unless it is an ARN. */
function wholeAccount(value: string): string | undefined {
  return value === '*' ? undefined : value;
}
