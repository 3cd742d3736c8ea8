import type { ReportedAccessKey, ReportedCertificate, ReportedPrincipal } from './credential-report-rows.js';

/**
 * The credential report as AWS writes it (IAM User Guide, "Getting credential reports for your AWS
 * account"): these 22 columns in this order; `true`/`false` in lower case; times in ISO 8601 with
 * whole seconds and `+00:00`; `N/A` where a credential is absent, `no_information` for a password
 * never used, and `not_supported` for the root user's password columns (its password is not an
 * IAM password). Lines are separated by `\n`, with none after the last (as the reports AWS serves
 * are usually seen; not stated in the guide).
 */

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const NA = 'N/A';

/** `2024-05-01T12:00:00+00:00`, as the report writes times. */
export function reportTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

const optionalTime = (iso: string | undefined): string => (iso === undefined ? NA : reportTime(iso));

function keyColumns(key: ReportedAccessKey | undefined): string[] {
  if (!key) return ['false', NA, NA, NA, NA];
  return [
    String(key.active),
    reportTime(key.createdAt),
    optionalTime(key.lastUsedAt),
    key.lastUsedRegion ?? NA,
    key.lastUsedService ?? NA,
  ];
}

function certificateColumns(cert: ReportedCertificate | undefined): string[] {
  return cert ? [String(cert.active), reportTime(cert.uploadedAt)] : ['false', NA];
}

function passwordColumns(principal: ReportedPrincipal): string[] {
  if (principal.kind === 'root') {
    return [
      'not_supported',
      principal.passwordLastUsed === undefined ? 'no_information' : reportTime(principal.passwordLastUsed),
      'not_supported',
      'not_supported',
    ];
  }
  const { password, passwordLastUsed } = principal;
  if (!password) return ['false', optionalTime(passwordLastUsed), NA, NA];
  return [
    'true',
    passwordLastUsed === undefined ? 'no_information' : reportTime(passwordLastUsed),
    reportTime(password.setAt),
    optionalTime(password.nextRotation),
  ];
}

/** A field as CSV: quoted only when it must be (IAM names never need it). */
function field(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One principal's line. */
export function reportLine(principal: ReportedPrincipal): string {
  return [
    principal.name,
    principal.arn,
    reportTime(principal.createdAt),
    ...passwordColumns(principal),
    String(principal.mfaActive),
    ...keyColumns(principal.accessKeys[0]),
    ...keyColumns(principal.accessKeys[1]),
    ...certificateColumns(principal.certificates[0]),
    ...certificateColumns(principal.certificates[1]),
  ]
    .map(field)
    .join(',');
}

/** The whole report: the header, then a line per principal. */
export function credentialReportCsv(principals: readonly ReportedPrincipal[]): string {
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...principals.map(reportLine)].join('\n');
}
