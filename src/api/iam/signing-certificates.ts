import { userNameOrCaller, type CredentialStatus } from '../../iam/access-keys.js';
import { paginate } from '../../iam/pagination.js';
import {
  deleteSigningCertificate,
  listSigningCertificates,
  updateSigningCertificate,
  uploadSigningCertificate,
  type SigningCertificate,
} from '../../iam/signing-certificates.js';
import { operation, type Operations } from '../operation.js';

type CertificateInput = { UserName?: string; CertificateId: string };
type ListOutput = { Certificates: SigningCertificate[]; IsTruncated: boolean; Marker?: string };

export const signingCertificateOperations: Operations = {
  UploadSigningCertificate: operation<
    { UserName?: string; CertificateBody: string },
    { Certificate: SigningCertificate }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      Certificate: await uploadSigningCertificate(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.CertificateBody,
        ctx.now,
      ),
    })),
  ),

  ListSigningCertificates: operation<{ UserName?: string; Marker?: string; MaxItems?: number }, ListOutput>(
    (input, ctx) =>
      ctx.store.transaction(async (tx) => {
        const all = await listSigningCertificates(
          tx,
          ctx.caller.accountId,
          userNameOrCaller(input.UserName, ctx.caller),
        );
        const { items, ...page } = paginate(all, input);
        return { Certificates: items, ...page };
      }),
  ),

  UpdateSigningCertificate: operation<CertificateInput & { Status: CredentialStatus }, undefined>(
    async (input, ctx) => {
      await ctx.store.transaction((tx) =>
        updateSigningCertificate(
          tx,
          ctx.caller.accountId,
          userNameOrCaller(input.UserName, ctx.caller),
          input.CertificateId,
          input.Status,
        ),
      );
      return undefined;
    },
  ),

  DeleteSigningCertificate: operation<CertificateInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteSigningCertificate(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.CertificateId,
      ),
    );
    return undefined;
  }),
};
