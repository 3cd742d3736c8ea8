import { listAccountIds } from '../store/account-ids.js';
import type { Store } from '../store/store.js';

/**
 * The account an offline command works on: the one given with `--account`, else the store's only
 * account (a server makes exactly one).
 */
export async function storeAccount(store: Store, given: string | undefined): Promise<string> {
  const accounts = await listAccountIds(store.db);
  if (given !== undefined) {
    if (!accounts.includes(given))
      throw new Error(`There is no account ${given} in this data (see --account).`);
    return given;
  }
  const [only, ...others] = accounts;
  if (only === undefined) throw new Error('This data holds no account yet: start `iamfa serve` on it once.');
  if (others.length > 0)
    throw new Error(`This data holds several accounts (${accounts.join(', ')}): choose one with --account.`);
  return only;
}
