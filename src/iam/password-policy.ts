import { characterClasses, type CharacterClass } from '../auth/passwords.js';
import {
  readPasswordPolicy,
  writePasswordPolicy,
  type StoredPasswordPolicy,
} from '../store/password-policy.js';
import type { Tx } from '../store/store.js';
import { IamError } from './errors.js';

/** UpdateAccountPasswordPolicy's input, as the IAM API names it. */
export interface PasswordPolicyInput {
  readonly MinimumPasswordLength?: number;
  readonly RequireSymbols?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireUppercaseCharacters?: boolean;
  readonly RequireLowercaseCharacters?: boolean;
  readonly AllowUsersToChangePassword?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry?: boolean;
}

/** The `PasswordPolicy` structure GetAccountPasswordPolicy returns. */
export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export type { StoredPasswordPolicy };

/** The rules every password meets when the account has no policy: AWS's default password policy. */
export const DEFAULT_PASSWORD_RULES = {
  minimumLength: 8,
  /** Of uppercase, lowercase, numbers and symbols. */
  minimumCharacterClasses: 3,
} as const;

const RANGES = [
  ['MinimumPasswordLength', 'minimumPasswordLength', 6, 128],
  ['PasswordReusePrevention', 'passwordReusePrevention', 1, 24],
  ['MaxPasswordAge', 'maxPasswordAge', 1, 1095],
] as const;

/**
 * Replaces the account's password policy. Like AWS, this is not a partial update: every parameter
 * left out takes its default (minimum length 6, nothing required, no expiry, no reuse prevention).
 */
export async function updateAccountPasswordPolicy(
  tx: Tx,
  accountId: string,
  input: PasswordPolicyInput,
): Promise<void> {
  // The wire codec checks these against the model; the console calls in here directly.
  const errors = RANGES.flatMap(([member, wire, min, max]) => {
    const value = input[member];
    if (value === undefined) return [];
    if (!Number.isInteger(value) || value > max) {
      return [
        `Value at '${wire}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
      ];
    }
    if (value < min) {
      return [
        `Value at '${wire}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
      ];
    }
    return [];
  });
  if (errors.length > 0) {
    const count = `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected`;
    throw new IamError('ValidationError', `${count}: ${errors.join('; ')}`);
  }
  await writePasswordPolicy(tx, accountId, {
    minimumPasswordLength: input.MinimumPasswordLength ?? 6,
    requireSymbols: input.RequireSymbols ?? false,
    requireNumbers: input.RequireNumbers ?? false,
    requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
    requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
    allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
    ...(input.MaxPasswordAge !== undefined && { maxPasswordAge: input.MaxPasswordAge }),
    ...(input.PasswordReusePrevention !== undefined && {
      passwordReusePrevention: input.PasswordReusePrevention,
    }),
    ...(input.HardExpiry !== undefined && { hardExpiry: input.HardExpiry }),
  });
}

/** The account's password policy, or `NoSuchEntity` in AWS's words when it has none. */
export async function getAccountPasswordPolicy(tx: Tx, accountId: string): Promise<PasswordPolicy> {
  const policy = await readPasswordPolicy(tx, accountId);
  if (!policy) {
    throw new IamError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`);
  }
  return {
    MinimumPasswordLength: policy.minimumPasswordLength,
    RequireSymbols: policy.requireSymbols,
    RequireNumbers: policy.requireNumbers,
    RequireUppercaseCharacters: policy.requireUppercaseCharacters,
    RequireLowercaseCharacters: policy.requireLowercaseCharacters,
    AllowUsersToChangePassword: policy.allowUsersToChangePassword,
    ExpirePasswords: policy.maxPasswordAge !== undefined,
    ...(policy.maxPasswordAge !== undefined && { MaxPasswordAge: policy.maxPasswordAge }),
    ...(policy.passwordReusePrevention !== undefined && {
      PasswordReusePrevention: policy.passwordReusePrevention,
    }),
    ...(policy.hardExpiry !== undefined && { HardExpiry: policy.hardExpiry }),
  };
}

/** Removes the account's password policy; the default rules apply again. */
export async function deleteAccountPasswordPolicy(tx: Tx, accountId: string): Promise<void> {
  if (!(await readPasswordPolicy(tx, accountId))) {
    // Not the message GetAccountPasswordPolicy gives: AWS words the two differently.
    throw new IamError('NoSuchEntity', 'The account policy with name PasswordPolicy cannot be found.');
  }
  await writePasswordPolicy(tx, accountId, undefined);
}

/**
 * Whether IAM users of the account may change their own password without a policy that allows
 * `iam:ChangePassword`: AllowUsersToChangePassword grants that permission (and
 * `iam:GetAccountPasswordPolicy`) implicitly. For the authorizer; the domain does not refuse.
 */
export async function usersMayChangeOwnPassword(tx: Tx, accountId: string): Promise<boolean> {
  return (await readPasswordPolicy(tx, accountId))?.allowUsersToChangePassword ?? false;
}

const CLASS_RULES: readonly (readonly [CharacterClass, keyof StoredPasswordPolicy, string])[] = [
  ['uppercase', 'requireUppercaseCharacters', 'Password should have at least one uppercase letter'],
  ['lowercase', 'requireLowercaseCharacters', 'Password should have at least one lowercase letter'],
  ['number', 'requireNumbers', 'Password should have at least one number'],
  ['symbol', 'requireSymbols', 'Password should have at least one symbol'],
];

/**
 * What `password` lacks under `policy`, or under AWS's default rules when there is no policy
 * (at least 8 characters, and three of uppercase, lowercase, numbers and symbols); empty if nothing.
 */
export function passwordViolations(policy: StoredPasswordPolicy | undefined, password: string): string[] {
  const classes = characterClasses(password);
  const violations: string[] = [];
  const minimum = policy?.minimumPasswordLength ?? DEFAULT_PASSWORD_RULES.minimumLength;
  if ([...password].length < minimum) violations.push(`Password should have a minimum length of ${minimum}`);
  if (policy) {
    for (const [cls, rule, message] of CLASS_RULES) {
      if (policy[rule] === true && !classes.has(cls)) violations.push(message);
    }
  } else {
    const missing = CLASS_RULES.filter(([cls]) => !classes.has(cls)).map(([, , message]) => message);
    const needed = DEFAULT_PASSWORD_RULES.minimumCharacterClasses - classes.size;
    if (needed > 0) {
      violations.push(
        `Password should meet ${needed} more of the following requirements: ${missing.join(', ')}`,
      );
    }
  }
  return violations;
}

/** `PasswordPolicyViolation` unless `password` meets the account's policy (or the default rules). */
export function checkPasswordPolicy(policy: StoredPasswordPolicy | undefined, password: string): void {
  const violations = passwordViolations(policy, password);
  if (violations.length > 0) throw new IamError('PasswordPolicyViolation', violations.join('; '));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a password set at `setAt` has outlived the policy's MaxPasswordAge at `now`. */
export function passwordExpired(policy: StoredPasswordPolicy | undefined, setAt: string, now: Date): boolean {
  if (policy?.maxPasswordAge === undefined) return false;
  return now.getTime() - Date.parse(setAt) >= policy.maxPasswordAge * DAY_MS;
}
