import { userNameOrCaller, type CredentialStatus } from '../../iam/access-keys.js';
import { paginate } from '../../iam/pagination.js';
import {
  deleteSshPublicKey,
  getSshPublicKey,
  listSshPublicKeys,
  updateSshPublicKey,
  uploadSshPublicKey,
  type SshKeyEncoding,
  type SshPublicKey,
  type SshPublicKeyMetadata,
} from '../../iam/ssh-keys.js';
import { operation, type Operations } from '../operation.js';

type KeyInput = { UserName: string; SSHPublicKeyId: string };
type ListOutput = { SSHPublicKeys: SshPublicKeyMetadata[]; IsTruncated: boolean; Marker?: string };

export const sshKeyOperations: Operations = {
  UploadSSHPublicKey: operation<
    { UserName: string; SSHPublicKeyBody: string },
    { SSHPublicKey: SshPublicKey }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      SSHPublicKey: await uploadSshPublicKey(
        tx,
        ctx.caller.accountId,
        input.UserName,
        input.SSHPublicKeyBody,
        ctx.now,
      ),
    })),
  ),

  GetSSHPublicKey: operation<KeyInput & { Encoding: SshKeyEncoding }, { SSHPublicKey: SshPublicKey }>(
    (input, ctx) =>
      ctx.store.transaction(async (tx) => ({
        SSHPublicKey: await getSshPublicKey(
          tx,
          ctx.caller.accountId,
          input.UserName,
          input.SSHPublicKeyId,
          input.Encoding,
        ),
      })),
  ),

  ListSSHPublicKeys: operation<{ UserName?: string; Marker?: string; MaxItems?: number }, ListOutput>(
    (input, ctx) =>
      ctx.store.transaction(async (tx) => {
        const all = await listSshPublicKeys(
          tx,
          ctx.caller.accountId,
          userNameOrCaller(input.UserName, ctx.caller),
        );
        const { items, ...page } = paginate(all, input);
        return { SSHPublicKeys: items, ...page };
      }),
  ),

  UpdateSSHPublicKey: operation<KeyInput & { Status: CredentialStatus }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      updateSshPublicKey(tx, ctx.caller.accountId, input.UserName, input.SSHPublicKeyId, input.Status),
    );
    return undefined;
  }),

  DeleteSSHPublicKey: operation<KeyInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteSshPublicKey(tx, ctx.caller.accountId, input.UserName, input.SSHPublicKeyId),
    );
    return undefined;
  }),
};
