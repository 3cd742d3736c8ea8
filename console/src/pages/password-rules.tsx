import { ApiError, call } from '../api.js';
import { useLoad } from '../hooks.js';

/** The account's password policy as rules a person can check their new password against. */

interface PasswordPolicy {
  readonly MinimumPasswordLength?: number;
  readonly RequireSymbols?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireUppercaseCharacters?: boolean;
  readonly RequireLowercaseCharacters?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
}

type Rules = { readonly kind: 'policy' | 'default' | 'unknown'; readonly rules: readonly string[] };

const DEFAULT_RULES = [
  'At least 8 characters',
  "At least three of: uppercase letters, lowercase letters, numbers, symbols (! @ # $ % ^ & * ( ) _ + - = [ ] { } | ')",
];

function rulesOf(policy: PasswordPolicy): string[] {
  const rules = [`At least ${policy.MinimumPasswordLength ?? 6} characters`];
  if (policy.RequireUppercaseCharacters) rules.push('At least one uppercase letter (A–Z)');
  if (policy.RequireLowercaseCharacters) rules.push('At least one lowercase letter (a–z)');
  if (policy.RequireNumbers) rules.push('At least one number (0–9)');
  if (policy.RequireSymbols) rules.push("At least one symbol: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '");
  if (policy.PasswordReusePrevention)
    rules.push(`Must differ from your last ${policy.PasswordReusePrevention} passwords`);
  if (policy.MaxPasswordAge) rules.push(`Expires after ${policy.MaxPasswordAge} days`);
  return rules;
}

async function loadRules(): Promise<Rules> {
  try {
    const { PasswordPolicy } = await call<{ PasswordPolicy: PasswordPolicy }>(
      'iam',
      'GetAccountPasswordPolicy',
    );
    return { kind: 'policy', rules: rulesOf(PasswordPolicy) };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NoSuchEntity')
      return { kind: 'default', rules: DEFAULT_RULES };
    return { kind: 'unknown', rules: [] };
  }
}

export function PasswordRules() {
  const rules = useLoad(loadRules);
  if (!rules.data) return null;
  if (rules.data.kind === 'unknown')
    return <p class="muted">The new password must meet the account's password policy.</p>;
  return (
    <div class="password-rules">
      <div class="password-rules-title">
        {rules.data.kind === 'policy'
          ? "The account's password policy requires:"
          : 'No password policy is set; the default rules apply:'}
      </div>
      <ul>
        {rules.data.rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
    </div>
  );
}
