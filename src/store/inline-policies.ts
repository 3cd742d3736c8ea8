import type { Selectable } from 'kysely';
import type { InlinePoliciesTable, PrincipalKind } from './database.js';
import type { Tx } from './store.js';

/** Inline policies: documents embedded in one user, group or role, by name (exact). */

export type InlinePolicyRow = Selectable<InlinePoliciesTable>;

/** The entity an inline policy is embedded in. */
export interface InlinePolicyOwner {
  readonly kind: PrincipalKind;
  readonly id: string;
}

/** Embeds a policy, replacing the entity's policy of the same name if it has one. */
export async function putInlinePolicy(
  tx: Tx,
  owner: InlinePolicyOwner,
  name: string,
  document: string,
): Promise<void> {
  await tx
    .insertInto('inline_policies')
    .values({ principal_kind: owner.kind, principal_id: owner.id, name, document })
    .onConflict((oc) => oc.columns(['principal_kind', 'principal_id', 'name']).doUpdateSet({ document }))
    .execute();
}

/** The entity's inline policy of this name, or undefined. */
export function findInlinePolicy(
  tx: Tx,
  owner: InlinePolicyOwner,
  name: string,
): Promise<InlinePolicyRow | undefined> {
  return tx
    .selectFrom('inline_policies')
    .selectAll()
    .where('principal_kind', '=', owner.kind)
    .where('principal_id', '=', owner.id)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Removes the entity's inline policy of this name; false when it had none. */
export async function deleteInlinePolicy(tx: Tx, owner: InlinePolicyOwner, name: string): Promise<boolean> {
  const result = await tx
    .deleteFrom('inline_policies')
    .where('principal_kind', '=', owner.kind)
    .where('principal_id', '=', owner.id)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The entity's inline policies (in no particular order). */
export function listInlinePolicies(tx: Tx, owner: InlinePolicyOwner): Promise<InlinePolicyRow[]> {
  return tx
    .selectFrom('inline_policies')
    .selectAll()
    .where('principal_kind', '=', owner.kind)
    .where('principal_id', '=', owner.id)
    .execute();
}
