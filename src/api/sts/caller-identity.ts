import { operation, type Operations } from '../operation.js';

/** GetCallerIdentity: who the credentials belong to. */
export const callerIdentityOperations: Operations = {
  GetCallerIdentity: operation<Record<string, never>, { UserId: string; Account: string; Arn: string }>(
    async (_input, { caller }) => ({
      // AWS answers the account id as the root's UserId.
      UserId: caller.userId ?? caller.accountId,
      Account: caller.accountId,
      Arn: caller.arn,
    }),
  ),
};
