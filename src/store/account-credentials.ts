import type { Selectable } from 'kysely';
import type {
  AccessKeysTable,
  LoginProfilesTable,
  MfaDevicesTable,
  SigningCertificatesTable,
} from './database.js';
import type { Tx } from './store.js';

/**
 * Every credential of an account's users in one read per kind, for reports over the whole account
 * (a query per user would make a report of thousands of users take thousands of round trips).
 * Secrets are never selected.
 */

export type PasswordRow = Pick<Selectable<LoginProfilesTable>, 'user_id' | 'created_at' | 'password_set_at'>;
export type KeyRow = Omit<Selectable<AccessKeysTable>, 'secret' | 'account_id'>;
export type CertificateRow = Pick<
  Selectable<SigningCertificatesTable>,
  'id' | 'user_id' | 'status' | 'uploaded_at'
>;
export type EnabledDeviceRow = Pick<Selectable<MfaDevicesTable>, 'serial_number' | 'user_id' | 'enabled_at'>;

export interface AccountCredentials {
  /** The id of the row that owns the account root's credentials, when the root has any. */
  readonly rootId: string | undefined;
  readonly passwords: PasswordRow[];
  /** Oldest first. */
  readonly accessKeys: KeyRow[];
  /** Oldest first. */
  readonly certificates: CertificateRow[];
  /** MFA devices assigned to a user and enabled. */
  readonly mfaDevices: EnabledDeviceRow[];
}

/** The credentials of every user of the account, and of its root. */
export async function accountCredentials(tx: Tx, accountId: string): Promise<AccountCredentials> {
  // The root's credentials hang off a users row of its own, found by the root's ARN.
  const root = await tx
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('arn', '=', `arn:aws:iam::${accountId}:root`)
    .executeTakeFirst();
  const passwords = await tx
    .selectFrom('login_profiles')
    .innerJoin('users', 'users.id', 'login_profiles.user_id')
    .select(['login_profiles.user_id', 'login_profiles.created_at', 'login_profiles.password_set_at'])
    .where('users.account_id', '=', accountId)
    .execute();
  const accessKeys = await tx
    .selectFrom('access_keys')
    .select([
      'id',
      'user_id',
      'status',
      'created_at',
      'last_used_at',
      'last_used_service',
      'last_used_region',
    ])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const certificates = await tx
    .selectFrom('signing_certificates')
    .innerJoin('users', 'users.id', 'signing_certificates.user_id')
    .select([
      'signing_certificates.id',
      'signing_certificates.user_id',
      'signing_certificates.status',
      'signing_certificates.uploaded_at',
    ])
    .where('users.account_id', '=', accountId)
    .orderBy('signing_certificates.uploaded_at')
    .orderBy('signing_certificates.id')
    .execute();
  const mfaDevices = await tx
    .selectFrom('mfa_devices')
    .select(['serial_number', 'user_id', 'enabled_at'])
    .where('account_id', '=', accountId)
    .where('user_id', 'is not', null)
    .where('enabled_at', 'is not', null)
    .execute();
  return { rootId: root?.id, passwords, accessKeys, certificates, mfaDevices };
}
