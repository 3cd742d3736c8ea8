import type { Selectable } from 'kysely';
import type { SmsMfaCodesTable, SmsOutboxTable } from './database.js';
import type { Tx } from './store.js';

/** The code an SMS device waits for, and the development sender's outbox. */

export type SmsCodeRow = Selectable<SmsMfaCodesTable>;
export type SmsOutboxRow = Selectable<SmsOutboxTable>;

/** The code this device waits for, if any (expired or not). */
export function findSmsCode(tx: Tx, serialNumber: string): Promise<SmsCodeRow | undefined> {
  return tx
    .selectFrom('sms_mfa_codes')
    .selectAll()
    .where('serial_number', '=', serialNumber)
    .executeTakeFirst();
}

/** Sets the code the device waits for, replacing any earlier one. */
export async function putSmsCode(tx: Tx, row: SmsCodeRow): Promise<void> {
  await tx
    .insertInto('sms_mfa_codes')
    .values(row)
    .onConflict((oc) => oc.column('serial_number').doUpdateSet(row))
    .execute();
}

/**
 * Takes the code: true if this call deleted the row it read (created at `createdAt`). Of two
 * checks racing with the same code, on one node or two, only one deletes it.
 */
export async function takeSmsCode(tx: Tx, serialNumber: string, createdAt: string): Promise<boolean> {
  const result = await tx
    .deleteFrom('sms_mfa_codes')
    .where('serial_number', '=', serialNumber)
    .where('created_at', '=', createdAt)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteSmsCode(tx: Tx, serialNumber: string): Promise<void> {
  await tx.deleteFrom('sms_mfa_codes').where('serial_number', '=', serialNumber).execute();
}

export async function insertSmsMessage(tx: Tx, row: SmsOutboxRow): Promise<void> {
  await tx.insertInto('sms_outbox').values(row).execute();
}

/** The outbox's messages, oldest first. */
export function listSmsMessages(tx: Tx): Promise<SmsOutboxRow[]> {
  return tx.selectFrom('sms_outbox').selectAll().orderBy('created_at').orderBy('id').execute();
}
