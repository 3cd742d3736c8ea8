import type { Tx } from './store.js';

/** The ids of the accounts the store holds, in order (a server holds one; tests may hold more). */
export async function listAccountIds(tx: Tx): Promise<string[]> {
  const rows = await tx.selectFrom('accounts').select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}
