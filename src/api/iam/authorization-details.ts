import {
  authorizationEntities,
  detailLists,
  entityDetail,
  type AuthorizationDetailLists,
  type EntityType,
} from '../../iam/authorization-details.js';
import { paginate } from '../../iam/pagination.js';
import { operation, type Operations } from '../operation.js';

type Input = { Filter?: EntityType[]; MaxItems?: number; Marker?: string };
type Output = AuthorizationDetailLists & { IsTruncated: boolean; Marker?: string };

/**
 * GetAccountAuthorizationDetails: pages are cut over users, groups, roles and policies together
 * (MaxItems counts entities of every kind), and each page carries all four lists, empty or not.
 */
export const authorizationDetailsOperations: Operations = {
  GetAccountAuthorizationDetails: operation<Input, Output>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const accountId = ctx.caller.accountId;
      const page = paginate(await authorizationEntities(tx, accountId, input.Filter), input);
      const details = [];
      for (const ref of page.items) details.push(await entityDetail(tx, accountId, ref));
      return {
        ...detailLists(details),
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined && { Marker: page.Marker }),
      };
    }),
  ),
};
