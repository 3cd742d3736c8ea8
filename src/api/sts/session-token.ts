import { IamError } from '../../iam/errors.js';
import { createSession, type TemporaryCredentials } from '../../iam/sessions.js';
import { operation, type Operations } from '../operation.js';

/** GetSessionToken's default lifetime for an IAM user's session: 12 hours. */
const DEFAULT_DURATION_SECONDS = 43_200;

/** AWS's answer when the SerialNumber names no MFA device of the caller (two spaces, as AWS). */
export const MFA_DEVICE_UNKNOWN_MESSAGE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

/** GetSessionToken: temporary credentials that act as the calling IAM user. */
export const sessionTokenOperations: Operations = {
  GetSessionToken: operation<
    { DurationSeconds?: number; SerialNumber?: string; TokenCode?: string },
    { Credentials: TemporaryCredentials }
  >(async (input, { store, secrets, caller, now }) => {
    // STS answers session credentials so whatever they are (AWS's own words).
    if (caller.session)
      throw new IamError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
    if (caller.userId === undefined)
      throw new IamError('AccessDenied', 'Cannot call GetSessionToken without an IAM user');
    // iamfa has no MFA devices yet (issue 5): every serial number is one the user does not have.
    if (input.SerialNumber !== undefined || input.TokenCode !== undefined)
      throw new IamError('AccessDenied', MFA_DEVICE_UNKNOWN_MESSAGE);
    const user = { accountId: caller.accountId, userId: caller.userId };
    const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
    return {
      Credentials: await store.transaction((tx) => createSession(tx, secrets, user, now, duration)),
    };
  }),
};
