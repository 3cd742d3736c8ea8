import type { Selectable } from 'kysely';
import type { ServiceCredentialsTable } from './database.js';
import type { Tx } from './store.js';

export type ServiceCredentialRow = Selectable<ServiceCredentialsTable>;

export async function insertServiceCredential(tx: Tx, row: ServiceCredentialRow): Promise<void> {
  await tx.insertInto('service_credentials').values(row).execute();
}

/** The user's service-specific credentials, for one service or all, oldest first. */
export function listServiceCredentials(
  tx: Tx,
  userId: string,
  serviceName?: string,
): Promise<ServiceCredentialRow[]> {
  let query = tx.selectFrom('service_credentials').selectAll().where('user_id', '=', userId);
  if (serviceName !== undefined) query = query.where('service_name', '=', serviceName);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** One of the user's credentials, or undefined. */
export function findServiceCredential(
  tx: Tx,
  userId: string,
  credentialId: string,
): Promise<ServiceCredentialRow | undefined> {
  return tx
    .selectFrom('service_credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function setServiceCredentialStatus(
  tx: Tx,
  credentialId: string,
  status: ServiceCredentialRow['status'],
): Promise<void> {
  await tx.updateTable('service_credentials').set({ status }).where('id', '=', credentialId).execute();
}

/** Replaces the credential's (sealed) password. */
export async function setServiceCredentialPassword(
  tx: Tx,
  credentialId: string,
  sealed: string,
): Promise<void> {
  await tx
    .updateTable('service_credentials')
    .set({ password: sealed })
    .where('id', '=', credentialId)
    .execute();
}

export async function deleteServiceCredential(tx: Tx, credentialId: string): Promise<void> {
  await tx.deleteFrom('service_credentials').where('id', '=', credentialId).execute();
}
