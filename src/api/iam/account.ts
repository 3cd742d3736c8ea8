import {
  createAccountAlias,
  deleteAccountAlias,
  getAccountSummary,
  listAccountAliases,
} from '../../iam/account.js';
import type { PageRequest } from '../../iam/users.js';
import { operation, type Operations } from '../operation.js';
import { pageOutput } from './users.js';

type ListAccountAliasesOutput = { AccountAliases: string[]; IsTruncated: boolean; Marker?: string };

export const accountOperations: Operations = {
  CreateAccountAlias: operation<{ AccountAlias: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => createAccountAlias(tx, ctx.caller.accountId, input.AccountAlias));
    return undefined;
  }),

  DeleteAccountAlias: operation<{ AccountAlias: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => deleteAccountAlias(tx, ctx.caller.accountId, input.AccountAlias));
    return undefined;
  }),

  ListAccountAliases: operation<PageRequest, ListAccountAliasesOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) =>
      pageOutput('AccountAliases', await listAccountAliases(tx, ctx.caller.accountId, input)),
    ),
  ),

  GetAccountSummary: operation<Record<string, never>, { SummaryMap: Record<string, number> }>((_input, ctx) =>
    ctx.store.transaction(async (tx) => ({ SummaryMap: await getAccountSummary(tx, ctx.caller.accountId) })),
  ),
};
