import type { Selectable } from 'kysely';
import type { CredentialReportsTable } from './database.js';
import type { Tx } from './store.js';

export type CredentialReportRow = Selectable<CredentialReportsTable>;

/** The account's credential report (complete or under way), or undefined when none was started. */
export function findCredentialReport(tx: Tx, accountId: string): Promise<CredentialReportRow | undefined> {
  return tx
    .selectFrom('credential_reports')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/**
 * Marks a generation as under way since `startedAt`, replacing the report `previous` (the row as it
 * was read, or undefined when there was none). Whether this caller won: another node that started
 * one meanwhile makes the insert or the compare-and-set update change nothing.
 */
export async function claimCredentialReport(
  tx: Tx,
  accountId: string,
  previous: CredentialReportRow | undefined,
  startedAt: string,
): Promise<boolean> {
  const claimed = { started_at: startedAt, generated_at: null, content: null };
  if (previous === undefined) {
    const result = await tx
      .insertInto('credential_reports')
      .values({ account_id: accountId, ...claimed })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  const result = await tx
    .updateTable('credential_reports')
    .set(claimed)
    .where('account_id', '=', accountId)
    .where('started_at', '=', previous.started_at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Stores the finished report of the generation started at `startedAt` (if it is still the current one). */
export async function completeCredentialReport(
  tx: Tx,
  accountId: string,
  startedAt: string,
  generatedAt: string,
  content: string,
): Promise<void> {
  await tx
    .updateTable('credential_reports')
    .set({ generated_at: generatedAt, content })
    .where('account_id', '=', accountId)
    .where('started_at', '=', startedAt)
    .execute();
}
