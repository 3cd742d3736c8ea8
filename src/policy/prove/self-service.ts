import { Pattern } from '../pattern.js';
import type { SelfServicePolicy } from './types.js';

/**
 * The actions AWS documents for users to manage their own credentials before they have MFA: those
 * of its recommended policy "Allows MFA-authenticated IAM users to manage their own credentials on
 * the Security credentials page" (password, access keys, signing certificates, SSH keys,
 * service-specific credentials, MFA devices, and the account information that page shows), plus
 * `iam:GetMFADevice` (from "Allows IAM users to self-manage an MFA device") and the two STS calls
 * a user needs to obtain an MFA session and to see who they are.
 */
export const DEFAULT_SELF_SERVICE_ACTIONS: readonly string[] = [
  'iam:GetAccountPasswordPolicy',
  'iam:GetAccountSummary',
  'iam:ListVirtualMFADevices',
  'iam:ChangePassword',
  'iam:GetUser',
  'iam:CreateAccessKey',
  'iam:DeleteAccessKey',
  'iam:ListAccessKeys',
  'iam:UpdateAccessKey',
  'iam:DeleteSigningCertificate',
  'iam:ListSigningCertificates',
  'iam:UpdateSigningCertificate',
  'iam:UploadSigningCertificate',
  'iam:DeleteSSHPublicKey',
  'iam:GetSSHPublicKey',
  'iam:ListSSHPublicKeys',
  'iam:UpdateSSHPublicKey',
  'iam:UploadSSHPublicKey',
  'iam:CreateServiceSpecificCredential',
  'iam:DeleteServiceSpecificCredential',
  'iam:ListServiceSpecificCredentials',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateServiceSpecificCredential',
  'iam:CreateVirtualMFADevice',
  'iam:DeleteVirtualMFADevice',
  'iam:DeactivateMFADevice',
  'iam:EnableMFADevice',
  'iam:GetMFADevice',
  'iam:ListMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
  'sts:GetCallerIdentity',
];

/**
 * A self-service list from action names or patterns (`iam:List*`), matched ignoring case as IAM
 * matches actions.
 * @example selfServiceList(DEFAULT_SELF_SERVICE_ACTIONS).has('IAM:changepassword') // true
 */
export function selfServiceList(actions: readonly string[]): SelfServicePolicy {
  const exact = new Set<string>();
  const patterns: Pattern[] = [];
  for (const action of actions) {
    const p = Pattern.compile(action.trim().toLowerCase(), {
      wildcards: true,
      variables: false,
      ignoreCase: true,
    });
    if (p.literal !== undefined) exact.add(p.literal);
    else patterns.push(p);
  }
  return {
    has(action) {
      const lower = action.toLowerCase();
      return exact.has(lower) || patterns.some((p) => p.matches(lower, undefined));
    },
  };
}
