import { userNameOrCaller, type CredentialStatus } from '../../iam/access-keys.js';
import {
  createServiceSpecificCredential,
  deleteServiceSpecificCredential,
  listServiceSpecificCredentials,
  resetServiceSpecificCredential,
  updateServiceSpecificCredential,
  type ServiceSpecificCredential,
  type ServiceSpecificCredentialMetadata,
} from '../../iam/service-credentials.js';
import { operation, type Operations } from '../operation.js';

type CredentialInput = { UserName?: string; ServiceSpecificCredentialId: string };
type CredentialOutput = { ServiceSpecificCredential: ServiceSpecificCredential };

export const serviceCredentialOperations: Operations = {
  CreateServiceSpecificCredential: operation<{ UserName?: string; ServiceName: string }, CredentialOutput>(
    (input, ctx) =>
      ctx.store.transaction(async (tx) => ({
        ServiceSpecificCredential: await createServiceSpecificCredential(
          tx,
          ctx.secrets,
          ctx.caller.accountId,
          userNameOrCaller(input.UserName, ctx.caller),
          input.ServiceName,
          ctx.now,
        ),
      })),
  ),

  ListServiceSpecificCredentials: operation<
    { UserName?: string; ServiceName?: string },
    { ServiceSpecificCredentials: ServiceSpecificCredentialMetadata[] }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      ServiceSpecificCredentials: await listServiceSpecificCredentials(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.ServiceName,
      ),
    })),
  ),

  ResetServiceSpecificCredential: operation<CredentialInput, CredentialOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      ServiceSpecificCredential: await resetServiceSpecificCredential(
        tx,
        ctx.secrets,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.ServiceSpecificCredentialId,
      ),
    })),
  ),

  UpdateServiceSpecificCredential: operation<CredentialInput & { Status: CredentialStatus }, undefined>(
    async (input, ctx) => {
      await ctx.store.transaction((tx) =>
        updateServiceSpecificCredential(
          tx,
          ctx.caller.accountId,
          userNameOrCaller(input.UserName, ctx.caller),
          input.ServiceSpecificCredentialId,
          input.Status,
        ),
      );
      return undefined;
    },
  ),

  DeleteServiceSpecificCredential: operation<CredentialInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteServiceSpecificCredential(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.ServiceSpecificCredentialId,
      ),
    );
    return undefined;
  }),
};
