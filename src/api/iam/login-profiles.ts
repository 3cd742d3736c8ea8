import { IamError } from '../../iam/errors.js';
import { userNameOrCaller } from '../../iam/access-keys.js';
import {
  changePassword,
  createLoginProfile,
  deleteLoginProfile,
  getLoginProfile,
  updateLoginProfile,
  type LoginProfile,
} from '../../iam/login-profiles.js';
import { operation, type Operations } from '../operation.js';

/** The model makes Password optional (AWS's root sessions may omit it); an IAM user's profile needs one. */
type CreateLoginProfileInput = { UserName?: string; Password?: string; PasswordResetRequired?: boolean };
type UpdateLoginProfileInput = { UserName?: string; Password?: string; PasswordResetRequired?: boolean };
type ChangePasswordInput = { OldPassword: string; NewPassword: string };

function missingPassword(): never {
  throw new IamError(
    'ValidationError',
    "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
  );
}

export const loginProfileOperations: Operations = {
  CreateLoginProfile: operation<CreateLoginProfileInput, { LoginProfile: LoginProfile }>((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      LoginProfile: await createLoginProfile(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.Password ?? missingPassword(),
        input.PasswordResetRequired ?? false,
        ctx.now,
      ),
    })),
  ),

  GetLoginProfile: operation<{ UserName?: string }, { LoginProfile: LoginProfile }>((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      LoginProfile: await getLoginProfile(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
      ),
    })),
  ),

  UpdateLoginProfile: operation<UpdateLoginProfileInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      updateLoginProfile(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        {
          ...(input.Password !== undefined && { password: input.Password }),
          ...(input.PasswordResetRequired !== undefined && {
            passwordResetRequired: input.PasswordResetRequired,
          }),
        },
        ctx.now,
      ),
    );
    return undefined;
  }),

  DeleteLoginProfile: operation<{ UserName?: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteLoginProfile(tx, ctx.caller.accountId, userNameOrCaller(input.UserName, ctx.caller)),
    );
    return undefined;
  }),

  ChangePassword: operation<ChangePasswordInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      changePassword(tx, ctx.caller, input.OldPassword, input.NewPassword, ctx.now),
    );
    return undefined;
  }),
};
