import { parsePolicy, type PolicyDocument, type PolicyKind } from '../policy/index.js';
import { attachedPolicyArns } from '../store/attachments.js';
import { listGroupsOfUser } from '../store/groups.js';
import { listInlinePolicies } from '../store/inline-policies.js';
import { findGroup, findUser } from '../store/principals.js';
import { findRole } from '../store/roles.js';
import type { Tx } from '../store/store.js';
import { AWS_MANAGED_POLICY_PREFIX } from './arns.js';
import { awsManagedCatalog } from './aws-managed/catalog.js';
import { IamError, noSuchEntity } from './errors.js';
import { defaultPolicyDocument } from './policies.js';
import { malformedMessage } from './policy-documents.js';

/**
 * The policies a simulation evaluates, each with the name and type the simulator reports it under
 * (`Statement`'s SourcePolicyId and SourcePolicyType) and the text its positions are counted in.
 * AWS's answers name an input policy `PolicyInputList.N` (1-based) and the resource policy
 * `ResourcePolicy`; a principal's managed policy by its name (`AdministratorAccess`) and an inline
 * one as `<user|group|role>_<entity>_<policy>`. The type is `IAM Policy` for every identity-based
 * policy and `Resource Policy` for the resource policy: that is what AWS writes, although the
 * model's PolicySourceType enum lists other values (the SDKs read enums as open strings).
 */

/** The SourcePolicyType AWS reports. */
export type SimulatedPolicyType = 'IAM Policy' | 'Resource Policy' | 'Permissions Boundary Policy';

export interface SimulatedPolicy {
  readonly id: string;
  readonly type: SimulatedPolicyType;
  readonly text: string;
  readonly document: PolicyDocument;
}

/** Every policy that governs a principal, by category, and which principal it is. */
export interface PrincipalPolicies {
  readonly kind: 'user' | 'group' | 'role';
  readonly name: string;
  readonly arn: string;
  readonly identity: SimulatedPolicy[];
  readonly boundary: SimulatedPolicy | undefined;
}

/** The simulator takes documents up to the model's 131,072 characters; no per-kind quota applies. */
const NO_SIZE_LIMIT = Number.POSITIVE_INFINITY;

/**
 * A policy given in the request, parsed as `kind`; MalformedPolicyDocument in AWS's words when it
 * is not a valid policy of that kind ("the complete, valid JSON text of an IAM policy").
 * @example inputPolicy(text, 'PolicyInputList.1', 'IAM Policy', 'managed')
 */
export function inputPolicy(
  text: string,
  id: string,
  type: SimulatedPolicyType,
  kind: PolicyKind,
): SimulatedPolicy {
  const result = parsePolicy(text, { kind, sizeLimit: NO_SIZE_LIMIT });
  if (!result.ok) throw new IamError('MalformedPolicyDocument', malformedMessage(result.errors, text, kind));
  return { id, type, text, document: result.policy };
}

/** A stored document: valid when it was stored, so a failure here is a corrupt store. */
function storedPolicy(
  text: string,
  id: string,
  kind: PolicyKind,
  type: SimulatedPolicyType,
): SimulatedPolicy {
  const result = parsePolicy(text, { kind, sizeLimit: NO_SIZE_LIMIT });
  if (!result.ok) throw new Error(`Stored policy ${id} does not parse: ${result.errors[0]?.message ?? ''}`);
  return { id, type, text, document: result.policy };
}

async function managed(
  tx: Tx,
  accountId: string,
  arns: readonly string[],
  type: SimulatedPolicyType = 'IAM Policy',
): Promise<SimulatedPolicy[]> {
  const policies: SimulatedPolicy[] = [];
  for (const arn of arns) {
    let text = await defaultPolicyDocument(tx, accountId, arn);
    // An AWS managed policy as GetPolicyVersion shows it (enforcement reads it compact), so the
    // positions reported point into the document the user can read.
    if (text !== undefined && arn.startsWith(AWS_MANAGED_POLICY_PREFIX))
      text = (await awsManagedCatalog()).get(arn)?.document ?? text;
    if (text !== undefined)
      policies.push(storedPolicy(text, arn.slice(arn.lastIndexOf('/') + 1), 'managed', type));
  }
  return policies;
}

async function inline(
  tx: Tx,
  owner: { kind: 'user' | 'group' | 'role'; id: string; name: string },
): Promise<SimulatedPolicy[]> {
  const rows = await listInlinePolicies(tx, { kind: owner.kind, id: owner.id });
  return rows.map((row) =>
    storedPolicy(
      row.document,
      `${owner.kind}_${owner.name}_${row.name}`,
      `${owner.kind}-inline`,
      'IAM Policy',
    ),
  );
}

async function entityPolicies(
  tx: Tx,
  accountId: string,
  owner: { kind: 'user' | 'group' | 'role'; id: string; name: string },
): Promise<SimulatedPolicy[]> {
  return [
    ...(await inline(tx, owner)),
    ...(await managed(tx, accountId, await attachedPolicyArns(tx, { kind: owner.kind, id: owner.id }))),
  ];
}

const ENTITY_ARN = /^arn:aws:iam::(?<account>\d{12}):(?<kind>user|group|role)\/(?:[^/]+\/)*(?<name>[^/]+)$/;

/**
 * The policies of the user, group or role a PolicySourceArn names, in the order enforcement reads
 * them (src/iam/principal-policies.ts): the entity's inline then attached policies, then for a user
 * each group's, and the permissions boundary apart. InvalidInput for an ARN that is not a user,
 * group or role, or of another account; NoSuchEntity for one the account does not have.
 */
export async function principalPolicies(
  tx: Tx,
  accountId: string,
  sourceArn: string,
): Promise<PrincipalPolicies> {
  const parts = ENTITY_ARN.exec(sourceArn)?.groups;
  if (!parts)
    throw new IamError(
      'InvalidInput',
      `Invalid Entity Arn: ${sourceArn} does not clearly define entity type and name.`,
    );
  const { account, name = '' } = parts;
  const kind = parts['kind'] as PrincipalPolicies['kind'];
  if (account !== accountId)
    throw new IamError(
      'InvalidInput',
      `Invalid Policy Source Arn: caller's account ${accountId} does not have access to policies in account ${account}`,
    );
  if (kind === 'group') {
    const group = await findGroup(tx, accountId, name);
    if (!group) throw noSuchEntity('group', name);
    const identity = await entityPolicies(tx, accountId, { kind, id: group.id, name: group.name });
    return { kind, name: group.name, arn: group.arn, identity, boundary: undefined };
  }
  const entity = kind === 'user' ? await findUser(tx, accountId, name) : await findRole(tx, accountId, name);
  if (!entity) throw noSuchEntity(kind, name);
  const identity = await entityPolicies(tx, accountId, { kind, id: entity.id, name: entity.name });
  if (kind === 'user')
    for (const group of await listGroupsOfUser(tx, entity.id))
      identity.push(
        ...(await entityPolicies(tx, accountId, { kind: 'group', id: group.id, name: group.name })),
      );
  const [boundary] = entity.permissions_boundary
    ? await managed(tx, accountId, [entity.permissions_boundary], 'Permissions Boundary Policy')
    : [];
  return { kind, name: entity.name, arn: entity.arn, identity, boundary };
}
