import type { Migration, MigrationProvider } from 'kysely';
import * as iam from './001_iam.js';
import * as sessions from './002_sessions.js';
import * as mfa from './003_mfa.js';
import * as policyGeneration from './004_policy_generation.js';
import * as roles from './005_roles.js';

/** The migrations in order; each file's name is its key. Add new ones at the end, never edit old ones. */
const MIGRATIONS: Record<string, Migration> = {
  '001_iam': iam,
  '002_sessions': sessions,
  '003_mfa': mfa,
  '004_policy_generation': policyGeneration,
  '005_roles': roles,
};

export const migrations: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
