import type { Migration, MigrationProvider } from 'kysely';
import * as iam from './001_iam.js';
import * as sessions from './002_sessions.js';
import * as mfa from './003_mfa.js';
import * as policyGeneration from './004_policy_generation.js';
import * as roles from './005_roles.js';
import * as ec2 from './006_ec2.js';
import * as consoleSessions from './007_console_sessions.js';
import * as audit from './008_audit.js';
import * as credentialReports from './009_credential_reports.js';
import * as smsMfa from './010_sms_mfa.js';

/** The migrations in order; each file's name is its key. Add new ones at the end, never edit old ones. */
const MIGRATIONS: Record<string, Migration> = {
  '001_iam': iam,
  '002_sessions': sessions,
  '003_mfa': mfa,
  '004_policy_generation': policyGeneration,
  '005_roles': roles,
  '006_ec2': ec2,
  '007_console_sessions': consoleSessions,
  '008_audit': audit,
  '009_credential_reports': credentialReports,
  '010_sms_mfa': smsMfa,
};

export const migrations: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
