import { findAccount } from '../store/accounts.js';
import { accountCredentials, type KeyRow } from '../store/account-credentials.js';
import { listNamed } from '../store/named.js';
import { readPasswordPolicy } from '../store/password-policy.js';
import type { Tx } from '../store/store.js';

/**
 * What the credential report says of each principal, as data: the account root first, then every
 * IAM user in name order. `credential-report-csv.ts` writes it in AWS's CSV; `iamfa report` reads
 * it to find console access without MFA, unused credentials and old keys.
 */

export interface ReportedAccessKey {
  readonly id: string;
  readonly active: boolean;
  /** When the key was created (IAM keys are never changed, only replaced: "last rotated"). */
  readonly createdAt: string;
  readonly lastUsedAt: string | undefined;
  readonly lastUsedRegion: string | undefined;
  readonly lastUsedService: string | undefined;
}

export interface ReportedCertificate {
  readonly active: boolean;
  readonly uploadedAt: string;
}

export interface ReportedPassword {
  /** When it was last set. */
  readonly setAt: string;
  /** When the password policy's MaxPasswordAge makes the user set a new one, if it does. */
  readonly nextRotation: string | undefined;
}

export interface ReportedPrincipal {
  /** `root`: the account's root user, reported as `<root_account>`. */
  readonly kind: 'root' | 'user';
  readonly name: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly password: ReportedPassword | undefined;
  /** The last console sign-in with the password, when known. */
  readonly passwordLastUsed: string | undefined;
  readonly mfaActive: boolean;
  /** Oldest first; the report has columns for the first two. */
  readonly accessKeys: readonly ReportedAccessKey[];
  /** Oldest first; the report has columns for the first two. */
  readonly certificates: readonly ReportedCertificate[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function reportedKey(key: KeyRow): ReportedAccessKey {
  return {
    id: key.id,
    active: key.status === 'Active',
    createdAt: key.created_at,
    lastUsedAt: key.last_used_at ?? undefined,
    lastUsedRegion: key.last_used_region ?? undefined,
    lastUsedService: key.last_used_service ?? undefined,
  };
}

function groupBy<T extends { readonly user_id: string | null }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    if (row.user_id === null) continue;
    const list = map.get(row.user_id) ?? [];
    list.push(row);
    map.set(row.user_id, list);
  }
  return map;
}

/**
 * The report's principals for an account. The root has no password in iamfa (it never signs in to
 * the console), so its row is that of a root user who never signed in: AWS writes
 * `no_information` there; its access keys and MFA devices, when it has any, are reported as a
 * user's are.
 */
export async function reportedPrincipals(tx: Tx, accountId: string): Promise<ReportedPrincipal[]> {
  const account = await findAccount(tx, accountId);
  const policy = await readPasswordPolicy(tx, accountId);
  const credentials = await accountCredentials(tx, accountId);
  const passwords = new Map(credentials.passwords.map((p) => [p.user_id, p]));
  const keys = groupBy(credentials.accessKeys);
  const certificates = groupBy(credentials.certificates);
  const withMfa = new Set(credentials.mfaDevices.map((d) => d.user_id));
  const rootId = credentials.rootId;
  const root: ReportedPrincipal = {
    kind: 'root',
    name: '<root_account>',
    arn: `arn:aws:iam::${accountId}:root`,
    createdAt: account?.created_at ?? new Date(0).toISOString(),
    password: undefined,
    passwordLastUsed: undefined,
    mfaActive: rootId !== undefined && withMfa.has(rootId),
    accessKeys: rootId === undefined ? [] : (keys.get(rootId) ?? []).map(reportedKey),
    certificates: [],
  };
  const users = (await listNamed(tx, 'users', accountId)).map((user): ReportedPrincipal => {
    const password = passwords.get(user.id);
    return {
      kind: 'user',
      name: user.name,
      arn: user.arn,
      createdAt: user.created_at,
      password: password && {
        setAt: password.password_set_at,
        nextRotation:
          policy?.maxPasswordAge === undefined
            ? undefined
            : new Date(Date.parse(password.password_set_at) + policy.maxPasswordAge * DAY_MS).toISOString(),
      },
      passwordLastUsed: user.password_last_used ?? undefined,
      mfaActive: withMfa.has(user.id),
      accessKeys: (keys.get(user.id) ?? []).map(reportedKey),
      certificates: (certificates.get(user.id) ?? []).map((cert) => ({
        active: cert.status === 'Active',
        uploadedAt: cert.uploaded_at,
      })),
    };
  });
  return [root, ...users];
}
