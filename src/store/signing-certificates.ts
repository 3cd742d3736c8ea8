import type { Selectable } from 'kysely';
import type { SigningCertificatesTable } from './database.js';
import type { Tx } from './store.js';

export type SigningCertificateRow = Selectable<SigningCertificatesTable>;

export async function insertSigningCertificate(tx: Tx, row: SigningCertificateRow): Promise<void> {
  await tx.insertInto('signing_certificates').values(row).execute();
}

/** The user's signing certificates, oldest first. */
export function listSigningCertificates(tx: Tx, userId: string): Promise<SigningCertificateRow[]> {
  return tx
    .selectFrom('signing_certificates')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

/** The bodies of every signing certificate of the account's users. */
export async function accountCertificateBodies(tx: Tx, accountId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('signing_certificates')
    .innerJoin('users', 'users.id', 'signing_certificates.user_id')
    .select('signing_certificates.body')
    .where('users.account_id', '=', accountId)
    .execute();
  return rows.map((r) => r.body);
}

/** Sets the status of one of the user's certificates; whether the user has such a certificate. */
export async function setSigningCertificateStatus(
  tx: Tx,
  userId: string,
  certificateId: string,
  status: SigningCertificateRow['status'],
): Promise<boolean> {
  const result = await tx
    .updateTable('signing_certificates')
    .set({ status })
    .where('id', '=', certificateId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes one of the user's certificates; whether the user had such a certificate. */
export async function deleteSigningCertificate(
  tx: Tx,
  userId: string,
  certificateId: string,
): Promise<boolean> {
  const result = await tx
    .deleteFrom('signing_certificates')
    .where('id', '=', certificateId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
