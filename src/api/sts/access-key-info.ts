import { accessKeyAccount } from '../../iam/access-key-info.js';
import { operation, type Operations } from '../operation.js';

/** GetAccessKeyInfo: the account an access key id belongs to. */
export const accessKeyInfoOperations: Operations = {
  GetAccessKeyInfo: operation<{ AccessKeyId: string }, { Account: string }>(async (input, ctx) => ({
    Account: await accessKeyAccount(ctx.store.db, input.AccessKeyId),
  })),
};
