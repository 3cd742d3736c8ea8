import type { PrincipalKind } from '../store/database.js';
import {
  deleteInlinePolicy as deleteRow,
  findInlinePolicy,
  listInlinePolicies,
  putInlinePolicy as putRow,
  type InlinePolicyOwner,
} from '../store/inline-policies.js';
import type { Tx } from '../store/store.js';
import type { PolicyKind } from '../policy/index.js';
import { aggregateInlineSize, SIZE_LIMITS } from '../policy/limits.js';
import { compareNames } from './aws-managed/catalog.js';
import { IamError } from './errors.js';
import { paginate, type Page } from './pagination.js';
import { validatePolicyDocument } from './policy-documents.js';
import { requireGroup, requireRole, requireUser } from './principals.js';

/**
 * Inline policies: documents embedded in one user or group, by name. Putting a policy under a name
 * the entity already uses replaces it. There is no limit on their number, only on their aggregate
 * size: 2,048 characters for a user's, 5,120 for a group's, 10,240 for a role's, whitespace not counted.
 */

/** The entity an inline policy is embedded in, by kind and name. */
export interface InlinePolicyHolder {
  readonly kind: 'user' | 'group' | 'role';
  readonly name: string;
}

export interface InlinePolicy {
  /** The holder's name as it was created (the request may differ in case). */
  readonly holderName: string;
  readonly policyName: string;
  readonly document: string;
}

const KINDS = {
  user: { policyKind: 'user-inline', word: 'user' },
  group: { policyKind: 'group-inline', word: 'group' },
  role: { policyKind: 'role-inline', word: 'role' },
} as const satisfies Record<InlinePolicyHolder['kind'], { policyKind: PolicyKind; word: string }>;

async function owner(
  tx: Tx,
  accountId: string,
  holder: InlinePolicyHolder,
): Promise<InlinePolicyOwner & { readonly name: string }> {
  const row =
    holder.kind === 'user'
      ? await requireUser(tx, accountId, holder.name)
      : holder.kind === 'group'
        ? await requireGroup(tx, accountId, holder.name)
        : await requireRole(tx, accountId, holder.name);
  const kind: PrincipalKind = holder.kind;
  return { kind, id: row.id, name: row.name };
}

/**
 * Embeds a policy in a user or group, replacing its policy of the same name. `LimitExceeded` when
 * the entity's inline policies would together exceed their size limit.
 * @example await putInlinePolicy(tx, accountId, { kind: 'user', name: 'alice' }, 'ForceMFA', document)
 */
export async function putInlinePolicy(
  tx: Tx,
  accountId: string,
  holder: InlinePolicyHolder,
  policyName: string,
  document: string,
): Promise<void> {
  const entity = await owner(tx, accountId, holder);
  const { policyKind, word } = KINDS[holder.kind];
  validatePolicyDocument(document, policyKind);
  const others = (await listInlinePolicies(tx, entity)).filter((row) => row.name !== policyName);
  const size = aggregateInlineSize([...others.map((row) => row.document), document]);
  const limit = SIZE_LIMITS[policyKind];
  if (limit && size > limit.max) {
    throw new IamError(
      'LimitExceeded',
      `Maximum policy size of ${limit.max} bytes exceeded for ${word} ${entity.name}. ` +
        `Its inline policies would total ${size} characters, not counting whitespace ` +
        `(${others.length + 1} ${others.length === 0 ? 'policy' : 'policies'}); the limit applies to their sum.`,
    );
  }
  await putRow(tx, entity, policyName, document);
}

/** One inline policy of a user or group; `NoSuchEntity` when it has none of that name. */
export async function getInlinePolicy(
  tx: Tx,
  accountId: string,
  holder: InlinePolicyHolder,
  policyName: string,
): Promise<InlinePolicy> {
  const entity = await owner(tx, accountId, holder);
  const row = await findInlinePolicy(tx, entity, policyName);
  if (!row) throw inlineNotFound(holder, policyName);
  return { holderName: entity.name, policyName: row.name, document: row.document };
}

/** Removes an inline policy; `NoSuchEntity` when the user or group has none of that name. */
export async function deleteInlinePolicy(
  tx: Tx,
  accountId: string,
  holder: InlinePolicyHolder,
  policyName: string,
): Promise<void> {
  const entity = await owner(tx, accountId, holder);
  if (!(await deleteRow(tx, entity, policyName))) throw inlineNotFound(holder, policyName);
}

/** The names of a user's or group's inline policies, in name order, a page at a time. */
export async function listInlinePolicyNames(
  tx: Tx,
  accountId: string,
  holder: InlinePolicyHolder,
  page: { Marker?: string; MaxItems?: number },
): Promise<Page<string>> {
  const entity = await owner(tx, accountId, holder);
  const names = (await listInlinePolicies(tx, entity)).map((row) => row.name).sort(compareNames);
  return paginate(names, page);
}

/** "The user policy with name X cannot be found." */
function inlineNotFound(holder: InlinePolicyHolder, policyName: string): IamError {
  return new IamError(
    'NoSuchEntity',
    `The ${KINDS[holder.kind].word} policy with name ${policyName} cannot be found.`,
  );
}
