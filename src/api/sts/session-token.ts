import { IamError } from '../../iam/errors.js';
import {
  MFA_CODE_INVALID_MESSAGE,
  MFA_DEVICE_UNKNOWN_MESSAGE,
  verifyMfaCode,
} from '../../iam/mfa-devices.js';
import { createSession, type TemporaryCredentials } from '../../iam/sessions.js';
import { operation, type Operations } from '../operation.js';
import { rootUserId } from '../../iam/root.js';

/** GetSessionToken's default lifetime for an IAM user's session: 12 hours. */
const DEFAULT_DURATION_SECONDS = 43_200;

/** GetSessionToken: temporary credentials that act as the calling IAM user. */
export const sessionTokenOperations: Operations = {
  GetSessionToken: operation<
    { DurationSeconds?: number; SerialNumber?: string; TokenCode?: string },
    { Credentials: TemporaryCredentials }
  >(async (input, { store, secrets, caller, now, request }) => {
    // STS answers session credentials so whatever they are (AWS's own words).
    if (caller.session)
      throw new IamError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
    if (caller.userId === undefined)
      throw new IamError('AccessDenied', 'Cannot call GetSessionToken without an IAM user');
    // The root's sessions and MFA devices belong to its row, whose id is not its aws:userid.
    const userId = caller.principalType === 'Account' ? rootUserId(caller.accountId) : caller.userId;
    const user = { accountId: caller.accountId, userId };
    const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
    const { SerialNumber: serialNumber, TokenCode: tokenCode } = input;
    if (serialNumber === undefined && tokenCode === undefined) {
      return {
        Credentials: await store.transaction((tx) => createSession(tx, secrets, user, now, duration)),
      };
    }
    if (serialNumber === undefined) throw new IamError('AccessDenied', MFA_DEVICE_UNKNOWN_MESSAGE);
    if (tokenCode === undefined) throw new IamError('AccessDenied', MFA_CODE_INVALID_MESSAGE);
    // The code is used up and the session issued in one transaction: both, or neither. A wrong code
    // commits only the failure count, then is answered.
    const result = await store.transaction(async (tx) => {
      const outcome = await verifyMfaCode(tx, secrets, user, serialNumber, tokenCode, now, request?.sourceIp);
      if (!outcome.ok) return outcome;
      return { ok: true as const, credentials: await createSession(tx, secrets, user, now, duration, now) };
    });
    if (!result.ok) throw result.error;
    return { Credentials: result.credentials };
  }),
};
