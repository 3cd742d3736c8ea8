import type { Selectable } from 'kysely';
import type { SshPublicKeysTable } from './database.js';
import type { Tx } from './store.js';

export type SshPublicKeyRow = Selectable<SshPublicKeysTable>;

export async function insertSshPublicKey(tx: Tx, row: SshPublicKeyRow): Promise<void> {
  await tx.insertInto('ssh_public_keys').values(row).execute();
}

/** The user's SSH public keys, oldest first. */
export function listSshPublicKeys(tx: Tx, userId: string): Promise<SshPublicKeyRow[]> {
  return tx
    .selectFrom('ssh_public_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

/** One of the user's SSH public keys, or undefined. */
export function findSshPublicKey(
  tx: Tx,
  userId: string,
  keyId: string,
): Promise<SshPublicKeyRow | undefined> {
  return tx
    .selectFrom('ssh_public_keys')
    .selectAll()
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Sets the status of one of the user's keys; whether the user has such a key. */
export async function setSshPublicKeyStatus(
  tx: Tx,
  userId: string,
  keyId: string,
  status: SshPublicKeyRow['status'],
): Promise<boolean> {
  const result = await tx
    .updateTable('ssh_public_keys')
    .set({ status })
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes one of the user's keys; whether the user had such a key. */
export async function deleteSshPublicKey(tx: Tx, userId: string, keyId: string): Promise<boolean> {
  const result = await tx
    .deleteFrom('ssh_public_keys')
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
