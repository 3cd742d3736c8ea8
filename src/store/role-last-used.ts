import type { Tx } from './store.js';

/** When the role was last assumed (its newest session's issue time), or undefined when never. */
export async function roleLastAssumed(tx: Tx, roleId: string): Promise<string | undefined> {
  const row = await tx
    .selectFrom('role_sessions')
    .select('issued_at')
    .where('role_id', '=', roleId)
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.issued_at;
}
