import type { ReportedPrincipal } from './credential-report-rows.js';

/**
 * What a credential review looks for in the credential report (the IAM User Guide's "Finding
 * unused AWS credentials" and the CIS benchmark's IAM checks): console passwords without MFA,
 * credentials unused for a while (never used counts from when they were made), and access keys
 * not rotated for a while. Inactive keys can sign nothing, so they are not findings.
 */

export interface FindingLimits {
  /** A password or active key with no use for this many days is unused. */
  readonly unusedDays: number;
  /** An active key older than this many days is due for rotation. */
  readonly keyAgeDays: number;
}

export interface ConsoleWithoutMfa {
  readonly user: string;
  readonly arn: string;
}

export interface UnusedCredential {
  readonly user: string;
  readonly arn: string;
  /** `password`, or the access key's id. */
  readonly credential: string;
  /** The last use, or undefined for never. */
  readonly lastUsed: string | undefined;
  /** Days since the last use (or, never used, since it was made). */
  readonly idleDays: number;
}

export interface OldAccessKey {
  readonly user: string;
  readonly arn: string;
  readonly accessKeyId: string;
  readonly createdAt: string;
  readonly ageDays: number;
}

export interface CredentialFindings {
  readonly consoleWithoutMfa: ConsoleWithoutMfa[];
  readonly unusedCredentials: UnusedCredential[];
  readonly oldAccessKeys: OldAccessKey[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

const daysBetween = (from: string, now: Date): number =>
  Math.floor((now.getTime() - Date.parse(from)) / DAY_MS);

/** The findings over a report's principals at `now`. */
export function credentialFindings(
  principals: readonly ReportedPrincipal[],
  limits: FindingLimits,
  now: Date,
): CredentialFindings {
  const findings: CredentialFindings = { consoleWithoutMfa: [], unusedCredentials: [], oldAccessKeys: [] };
  for (const p of principals) {
    // The root's keys are judged as anyone's (its password is not IAM's to report on).
    if (p.password && !p.mfaActive) findings.consoleWithoutMfa.push({ user: p.name, arn: p.arn });
    if (p.password) {
      const idleDays = daysBetween(p.passwordLastUsed ?? p.password.setAt, now);
      if (idleDays >= limits.unusedDays)
        findings.unusedCredentials.push({
          user: p.name,
          arn: p.arn,
          credential: 'password',
          lastUsed: p.passwordLastUsed,
          idleDays,
        });
    }
    for (const key of p.accessKeys) {
      if (!key.active) continue;
      const idleDays = daysBetween(key.lastUsedAt ?? key.createdAt, now);
      if (idleDays >= limits.unusedDays)
        findings.unusedCredentials.push({
          user: p.name,
          arn: p.arn,
          credential: key.id,
          lastUsed: key.lastUsedAt,
          idleDays,
        });
      const ageDays = daysBetween(key.createdAt, now);
      if (ageDays >= limits.keyAgeDays)
        findings.oldAccessKeys.push({
          user: p.name,
          arn: p.arn,
          accessKeyId: key.id,
          createdAt: key.createdAt,
          ageDays,
        });
    }
  }
  return findings;
}

/** How many findings there are in all. */
export function findingCount(findings: CredentialFindings): number {
  return (
    findings.consoleWithoutMfa.length + findings.unusedCredentials.length + findings.oldAccessKeys.length
  );
}
