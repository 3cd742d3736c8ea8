import type { Filter } from '../../ec2/filters.js';
import { createTags, deleteTags, describeTags } from '../../ec2/tags.js';
import { operation, type Operations } from '../operation.js';
import { scopeOf } from './scope.js';

type TagInput = { Key?: string; Value?: string };

export const tagOperations: Operations = {
  CreateTags: operation<{ Resources: string[]; Tags: TagInput[] }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      createTags(tx, scopeOf(ctx.caller), input.Resources, input.Tags, ctx.now),
    );
    return undefined;
  }),
  DeleteTags: operation<{ Resources: string[]; Tags?: TagInput[] }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteTags(tx, scopeOf(ctx.caller), input.Resources, input.Tags, ctx.now),
    );
    return undefined;
  }),
  DescribeTags: operation<
    { Filters?: Filter[]; MaxResults?: number; NextToken?: string },
    Awaited<ReturnType<typeof describeTags>>
  >((input, ctx) =>
    describeTags(
      ctx.store.db,
      scopeOf(ctx.caller),
      { filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken },
      ctx.now,
    ),
  ),
};
