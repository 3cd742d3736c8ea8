import {
  deleteAccountPasswordPolicy,
  getAccountPasswordPolicy,
  updateAccountPasswordPolicy,
  type PasswordPolicy,
  type PasswordPolicyInput,
} from '../../iam/password-policy.js';
import { operation, type Operations } from '../operation.js';

export const passwordPolicyOperations: Operations = {
  UpdateAccountPasswordPolicy: operation<PasswordPolicyInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => updateAccountPasswordPolicy(tx, ctx.caller.accountId, input));
    return undefined;
  }),

  GetAccountPasswordPolicy: operation<Record<string, never>, { PasswordPolicy: PasswordPolicy }>(
    (_input, ctx) =>
      ctx.store.transaction(async (tx) => ({
        PasswordPolicy: await getAccountPasswordPolicy(tx, ctx.caller.accountId),
      })),
  ),

  DeleteAccountPasswordPolicy: operation<Record<string, never>, undefined>(async (_input, ctx) => {
    await ctx.store.transaction((tx) => deleteAccountPasswordPolicy(tx, ctx.caller.accountId));
    return undefined;
  }),
};
