import { userNameOrCaller } from '../../iam/access-keys.js';
import { IamError } from '../../iam/errors.js';
import { finalizeSmsMfaRegistration, requestSmsMfaRegistration, withdrawSmsCode } from '../../iam/sms-mfa.js';
import { SmsDeliveryError, type TextMessage } from '../../sms/sender.js';
import { operation, type CallContext, type Operations } from '../operation.js';
import { settle } from './mfa-devices.js';

/**
 * SMS MFA registration (iamfa's operations for the retired AWS actions of the same names): the
 * code is texted through the configured sender once the transaction has committed; the caller
 * never sees it.
 */
export const smsMfaOperations: Operations = {
  RequestSmsMfaRegistration: operation<{ UserName?: string; PhoneNumber: string }, { SerialNumber: string }>(
    async (input, ctx) => {
      const userName = userNameOrCaller(input.UserName, ctx.caller);
      const { serialNumber, text } = await ctx.store.transaction((tx) =>
        requestSmsMfaRegistration(
          tx,
          ctx.secrets,
          ctx.caller.accountId,
          { userName, phoneNumber: input.PhoneNumber },
          ctx.now,
        ),
      );
      await deliver(ctx, serialNumber, text);
      return { SerialNumber: serialNumber };
    },
  ),

  FinalizeSmsMfaRegistration: operation<
    { UserName?: string; AuthenticationCode: string },
    { SerialNumber: string }
  >(async (input, ctx) => {
    const userName = userNameOrCaller(input.UserName, ctx.caller);
    const { serialNumber, outcome } = await ctx.store.transaction((tx) =>
      finalizeSmsMfaRegistration(
        tx,
        ctx.secrets,
        ctx.caller.accountId,
        { userName, code: input.AuthenticationCode },
        ctx.now,
        ctx.request?.sourceIp,
      ),
    );
    settle(outcome);
    return { SerialNumber: serialNumber };
  }),
};

/**
 * Texts a code; when the sender fails, the code is withdrawn (so the user may ask again at once)
 * and the caller gets ServiceFailure with the sender's reason.
 */
export async function deliver(
  ctx: Pick<CallContext, 'store' | 'sms'>,
  serialNumber: string,
  text: TextMessage,
): Promise<void> {
  try {
    await ctx.sms.send(text);
  } catch (error) {
    if (!(error instanceof SmsDeliveryError)) throw error;
    await ctx.store.transaction((tx) => withdrawSmsCode(tx, serialNumber));
    throw new IamError('ServiceFailure', `The code could not be texted: ${error.message}`);
  }
}
