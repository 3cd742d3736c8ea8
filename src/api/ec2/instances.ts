import {
  changeInstanceStates,
  describeInstances,
  runInstances,
  type Reservation,
} from '../../ec2/instances.js';
import type { Filter } from '../../ec2/filters.js';
import type { Lifecycle } from '../../ec2/states.js';
import type { Tag } from '../../ec2/tags.js';
import { operation, type Operations } from '../operation.js';
import { scopeOf } from './scope.js';

/** RunInstances' input, as far as iamfa's instances go. */
export interface RunInstancesInput {
  ImageId?: string;
  InstanceType?: string;
  KeyName?: string;
  MinCount: number;
  MaxCount: number;
  Placement?: { AvailabilityZone?: string };
  TagSpecifications?: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[];
}

/** The tags RunInstances puts on the instances it launches. */
export function instanceTags(input: Pick<RunInstancesInput, 'TagSpecifications'>): Tag[] {
  return (input.TagSpecifications ?? [])
    .filter((spec) => spec.ResourceType === 'instance')
    .flatMap((spec) => spec.Tags ?? [])
    .map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/** A lifecycle action; its state changes under the output member named (RebootInstances has none). */
function lifecycle(action: Lifecycle, member?: string) {
  return operation<{ InstanceIds: string[] }, Record<string, unknown> | undefined>(async (input, ctx) => {
    const changes = await ctx.store.transaction((tx) =>
      changeInstanceStates(tx, scopeOf(ctx.caller), input.InstanceIds, action, ctx.now),
    );
    return member === undefined ? undefined : { [member]: changes };
  });
}

export const instanceOperations: Operations = {
  RunInstances: operation<RunInstancesInput, Reservation>((input, ctx) =>
    ctx.store.transaction((tx) =>
      runInstances(
        tx,
        scopeOf(ctx.caller),
        {
          imageId: input.ImageId,
          instanceType: input.InstanceType,
          keyName: input.KeyName,
          minCount: input.MinCount,
          maxCount: input.MaxCount,
          availabilityZone: input.Placement?.AvailabilityZone,
          tags: instanceTags(input),
        },
        ctx.now,
      ),
    ),
  ),
  DescribeInstances: operation<
    { InstanceIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string },
    Awaited<ReturnType<typeof describeInstances>>
  >((input, ctx) =>
    describeInstances(
      ctx.store.db,
      scopeOf(ctx.caller),
      {
        instanceIds: input.InstanceIds,
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      },
      ctx.now,
    ),
  ),
  StartInstances: lifecycle('start', 'StartingInstances'),
  StopInstances: lifecycle('stop', 'StoppingInstances'),
  TerminateInstances: lifecycle('terminate', 'TerminatingInstances'),
  RebootInstances: lifecycle('reboot'),
};
