import { listInstances } from '../store/ec2-instances.js';
import { putTags, removeTag, tagsOfResources } from '../store/ec2-tags.js';
import type { Tx } from '../store/store.js';
import { Ec2Error, invalidParameterValue } from './errors.js';
import { itemFilter, type Filter } from './filters.js';
import type { Ec2Scope } from './instances.js';
import { checkMaxResults, page, positionAfter } from './pagination.js';
import { existingInstances, visibleNow } from './visible-instances.js';

/** An EC2 tag: keys are case-sensitive, unlike IAM's. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** A tag in DescribeTags, with the resource it is on. */
export interface TagDescription extends Tag {
  readonly ResourceId: string;
  readonly ResourceType: 'instance';
}

/** EC2's limits: 50 tags a resource, keys of 1–128 characters, values of up to 256. */
export const TAGS_PER_RESOURCE = 50;
const KEY_LENGTH = 128;
const VALUE_LENGTH = 256;

/** Refuses tags EC2 refuses: over-long, or keys in the reserved `aws:` namespace. */
export function checkTags(tags: readonly { readonly Key?: string; readonly Value?: string }[]): void {
  const seen = new Set<string>();
  for (const { Key: key = '', Value: value = '' } of tags) {
    // One request names a key once: two values for it would leave which one wins to chance.
    if (seen.has(key)) throw invalidParameterValue(`Duplicate tag key '${key}' specified.`);
    seen.add(key);
    if (key.length === 0 || [...key].length > KEY_LENGTH)
      throw invalidParameterValue(
        `Value ( ${key} ) for parameter key is invalid. Tag keys must be between 1 and ${KEY_LENGTH} characters`,
      );
    if (key.toLowerCase().startsWith('aws:'))
      throw invalidParameterValue(
        `Value ( ${key} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`,
      );
    if ([...value].length > VALUE_LENGTH)
      throw invalidParameterValue(
        `Value ( ${value} ) for parameter value is invalid. Tag values must be no longer than ${VALUE_LENGTH} characters`,
      );
  }
}

/** The tags of each of these resources, keys in order. */
export async function tagsByResource(tx: Tx, resourceIds: readonly string[]): Promise<Map<string, Tag[]>> {
  const byResource = new Map<string, Tag[]>();
  for (const row of await tagsOfResources(tx, resourceIds)) {
    let tags = byResource.get(row.resource_id);
    if (!tags) byResource.set(row.resource_id, (tags = []));
    tags.push({ Key: row.key, Value: row.value });
  }
  return byResource;
}

/** The resources named, which must all be the scope's visible instances (the only taggable resources). */
async function taggableResources(
  tx: Tx,
  scope: Ec2Scope,
  ids: readonly string[],
  now: Date,
): Promise<string[]> {
  const rows = await existingInstances(
    tx,
    scope,
    ids,
    now,
    (id) => new Ec2Error('InvalidID', `The ID '${id}' is not valid`),
  );
  return rows.map((row) => row.id);
}

/** CreateTags: sets the tags on every resource named (a key it has already takes the new value). */
export async function createTags(
  tx: Tx,
  scope: Ec2Scope,
  resourceIds: readonly string[],
  tags: readonly { readonly Key?: string; readonly Value?: string }[],
  now: Date,
): Promise<void> {
  checkTags(tags);
  const resources = await taggableResources(tx, scope, resourceIds, now);
  const existing = await tagsByResource(tx, resources);
  for (const id of resources) {
    const keys = new Set([...(existing.get(id) ?? []).map((t) => t.Key), ...tags.map((t) => t.Key ?? '')]);
    if (keys.size > TAGS_PER_RESOURCE)
      throw new Ec2Error('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
  }
  await putTags(
    tx,
    resources.flatMap((id) => tags.map((t) => ({ resource_id: id, key: t.Key ?? '', value: t.Value ?? '' }))),
  );
}

/**
 * DeleteTags: without tags, removes all of each resource's tags; a tag given with a value is removed
 * only where it has that value (an empty one included); a key alone removes the tag whatever its value.
 */
export async function deleteTags(
  tx: Tx,
  scope: Ec2Scope,
  resourceIds: readonly string[],
  tags: readonly { readonly Key?: string; readonly Value?: string }[] | undefined,
  now: Date,
): Promise<void> {
  const resources = await taggableResources(tx, scope, resourceIds, now);
  const existing = await tagsByResource(tx, resources);
  for (const id of resources)
    for (const tag of existing.get(id) ?? []) {
      const named =
        tags === undefined ||
        tags.some((t) => t.Key === tag.Key && (t.Value === undefined || t.Value === tag.Value));
      if (named) await removeTag(tx, id, tag.Key);
    }
}

type Described = TagDescription & { readonly position: number; readonly tags: readonly Tag[] };

/** DescribeTags: the tags of the scope's resources, by resource and key, filtered, a page at a time. */
export async function describeTags(
  tx: Tx,
  scope: Ec2Scope,
  request: {
    filters?: readonly Filter[] | undefined;
    maxResults?: number | undefined;
    nextToken?: string | undefined;
  },
  now: Date,
): Promise<{ Tags: TagDescription[]; NextToken?: string }> {
  checkMaxResults(request.maxResults);
  const after = positionAfter(request.nextToken);
  const matches = itemFilter<Described>(
    request.filters ?? [],
    {
      key: (t) => [t.Key],
      value: (t) => [t.Value],
      'resource-id': (t) => [t.ResourceId],
      'resource-type': (t) => [t.ResourceType],
    },
    (t) => t.tags,
  );
  const instances = visibleNow(await listInstances(tx, scope.accountId, scope.region), now)
    .map((row) => row.id)
    .sort();
  const byResource = await tagsByResource(tx, instances);
  const all: Described[] = instances
    .flatMap((id) =>
      (byResource.get(id) ?? []).map((t) => ({ ...t, ResourceId: id, ResourceType: 'instance' as const })),
    )
    .map((t, i) => ({ ...t, position: i + 1, tags: [{ Key: t.Key, Value: t.Value }] }));
  const shown = page(
    all.filter((t) => t.position > after && matches(t)),
    request.maxResults,
    (t) => t.position,
  );
  return {
    Tags: shown.items.map(({ Key, Value, ResourceId, ResourceType }) => ({
      Key,
      Value,
      ResourceId,
      ResourceType,
    })),
    ...(shown.nextToken !== undefined && { NextToken: shown.nextToken }),
  };
}
