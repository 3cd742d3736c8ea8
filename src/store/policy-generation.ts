import type { Tx } from './store.js';

/** The current policy generation: it changes whenever any principal's policies may have changed. */
export async function policyGeneration(tx: Tx): Promise<number> {
  const row = await tx
    .selectFrom('policy_generation')
    .select('value')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.value;
}
