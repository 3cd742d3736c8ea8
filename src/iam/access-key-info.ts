import { findAccessKeyById } from '../store/access-keys.js';
import { findRoleSessionById } from '../store/roles.js';
import { findSessionById } from '../store/sessions.js';
import type { Tx } from '../store/store.js';
import { accountOfAccessKeyId } from './access-key-ids.js';
import { IamError } from './errors.js';

/**
 * STS GetAccessKeyInfo: the account an access key id belongs to, long-term or temporary, whether or
 * not it is still active. A key this service holds answers from the store (a key given at
 * bootstrap need not follow AWS's encoding); any other from the account its id encodes, as AWS
 * answers for keys of accounts it does not look up.
 */
export async function accessKeyAccount(tx: Tx, accessKeyId: string): Promise<string> {
  const stored =
    (await findAccessKeyById(tx, accessKeyId)) ??
    (await findSessionById(tx, accessKeyId)) ??
    (await findRoleSessionById(tx, accessKeyId));
  const account = stored?.account_id ?? accountOfAccessKeyId(accessKeyId);
  if (account === undefined) throw new IamError('InvalidParameterValue', 'The access key ID is not valid.');
  return account;
}
