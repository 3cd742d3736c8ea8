import {
  parsePolicy,
  type PolicyDocument,
  type PolicyKind,
  type PolicySetInput,
  type SourcedPolicy,
} from '../policy/index.js';
import { attachedPolicyArns } from '../store/attachments.js';
import { listGroupsOfUser } from '../store/groups.js';
import { listInlinePolicies } from '../store/inline-policies.js';
import type { GroupRow, UserRow } from '../store/principals.js';
import type { RoleRow } from '../store/roles.js';
import type { Tx } from '../store/store.js';
import { AWS_MANAGED_POLICY_PREFIX } from './arns.js';
import { defaultPolicyDocument } from './policies.js';

/** Parsed documents by text: a text always parses the same, so each is parsed once (bounded). */
const parsed = new Map<string, PolicyDocument>();
const PARSED_LIMIT = 10_000;

/** AWS managed documents are larger than any limit a customer document must meet. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

function parseStored(text: string, kind: PolicyKind, id: string): PolicyDocument {
  let document = parsed.get(text);
  if (!document) {
    const result = parsePolicy(text, { kind, sizeLimit: NO_SIZE_LIMIT });
    // Only valid documents are ever stored; one that no longer parses is a corrupt store.
    if (!result.ok) throw new Error(`Stored policy ${id} does not parse: ${result.errors[0]?.message ?? ''}`);
    document = result.policy;
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(text, document);
  }
  return document;
}

async function managedPolicies(tx: Tx, accountId: string, arns: readonly string[]): Promise<SourcedPolicy[]> {
  const policies: SourcedPolicy[] = [];
  for (const arn of arns) {
    const text = await defaultPolicyDocument(tx, accountId, arn);
    if (text === undefined) continue;
    const type = arn.startsWith(AWS_MANAGED_POLICY_PREFIX) ? 'aws-managed' : 'user-managed';
    policies.push({ id: arn, type, document: parseStored(text, 'managed', arn) });
  }
  return policies;
}

async function inlinePolicies(
  tx: Tx,
  owner: { kind: 'user' | 'group' | 'role'; id: string; name: string },
): Promise<SourcedPolicy[]> {
  const rows = await listInlinePolicies(tx, { kind: owner.kind, id: owner.id });
  return rows.map((row) => {
    const id = `${owner.kind}/${owner.name}/${row.name}`;
    return { id, type: owner.kind, document: parseStored(row.document, `${owner.kind}-inline`, id) };
  });
}

/**
 * Every policy that governs an IAM user, by category: the user's inline and attached policies, those
 * of each of its groups, and its permissions boundary.
 */
export async function userPolicies(tx: Tx, user: UserRow): Promise<PolicySetInput> {
  const identity = [
    ...(await inlinePolicies(tx, { kind: 'user', id: user.id, name: user.name })),
    ...(await managedPolicies(
      tx,
      user.account_id,
      await attachedPolicyArns(tx, { kind: 'user', id: user.id }),
    )),
  ];
  for (const group of await listGroupsOfUser(tx, user.id)) {
    identity.push(...(await inlinePolicies(tx, { kind: 'group', id: group.id, name: group.name })));
    identity.push(
      ...(await managedPolicies(
        tx,
        user.account_id,
        await attachedPolicyArns(tx, { kind: 'group', id: group.id }),
      )),
    );
  }
  const [boundary] = user.permissions_boundary
    ? await managedPolicies(tx, user.account_id, [user.permissions_boundary])
    : [];
  return { identity, boundary };
}

/**
 * The policies a group gives each of its members: its inline and attached policies (a member's
 * own policies and boundary come on top; see userPolicies).
 */
export async function groupPolicies(tx: Tx, group: GroupRow): Promise<PolicySetInput> {
  return {
    identity: [
      ...(await inlinePolicies(tx, { kind: 'group', id: group.id, name: group.name })),
      ...(await managedPolicies(
        tx,
        group.account_id,
        await attachedPolicyArns(tx, { kind: 'group', id: group.id }),
      )),
    ],
  };
}

/** Every policy that governs a role: its inline and attached policies and its permissions boundary. */
export async function rolePolicies(tx: Tx, role: RoleRow): Promise<PolicySetInput> {
  const [boundary] = role.permissions_boundary
    ? await managedPolicies(tx, role.account_id, [role.permissions_boundary])
    : [];
  return {
    boundary,
    identity: [
      ...(await inlinePolicies(tx, { kind: 'role', id: role.id, name: role.name })),
      ...(await managedPolicies(
        tx,
        role.account_id,
        await attachedPolicyArns(tx, { kind: 'role', id: role.id }),
      )),
    ],
  };
}

/**
 * A role session's session policies (AssumeRole's `Policy` and `PolicyArns`), as one category:
 * undefined when none were passed, so the role's policies apply unnarrowed.
 */
export async function sessionPolicies(
  tx: Tx,
  accountId: string,
  sessionId: string,
  inline: string | null,
  arns: readonly string[],
): Promise<SourcedPolicy[] | undefined> {
  if (inline === null && arns.length === 0) return undefined;
  const policies = await managedPolicies(tx, accountId, arns);
  if (inline !== null)
    policies.unshift({
      id: `session/${sessionId}`,
      type: 'session',
      document: parseStored(inline, 'session', sessionId),
    });
  return policies;
}
