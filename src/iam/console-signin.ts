import type { SecretBox } from '../auth/secret-box.js';
import type { TextMessage } from '../sms/sender.js';
import { verifyAgainstNothing } from '../auth/passwords.js';
import { findAccount, findAccountByAlias, type AccountRow } from '../store/accounts.js';
import { recordPasswordUse } from '../store/console-sessions.js';
import { findLoginProfile } from '../store/login-profiles.js';
import { devicesOfUser } from '../store/mfa-devices.js';
import { readPasswordPolicy } from '../store/password-policy.js';
import type { Store, Tx } from '../store/store.js';
import {
  advanceConsoleSession,
  startConsoleSession,
  type ConsoleSession,
  type ConsoleSessionTimeouts,
  type IssuedConsoleSession,
} from './console-sessions.js';
import { verifyPassword } from './login-profiles.js';
import { codeClaim, verifyMfaCode } from './mfa-devices.js';
import { issueSignInCode, phoneHint, phoneNumberOf, signInCodePending, smsDeviceAmong } from './sms-mfa.js';
import { passwordExpired } from './password-policy.js';
import {
  ADDRESS_THROTTLE,
  USER_THROTTLE,
  addressKey,
  clearFailure,
  countFailure,
  userKey,
  waitBeforeAttempt,
} from './signin-throttle.js';

/**
 * Console sign-in: account (id or alias), user name and password, then an MFA code from any of the
 * user's devices (given up front, or asked for next), then a new password when the login profile
 * requires one or the password policy's maximum age has passed. Every failure before the password
 * is proven reads the same, whether the account, the user or its login profile is missing or the
 * password is wrong.
 */

export interface SignInInput {
  /** The 12-digit account id or the account alias. */
  readonly account: string;
  readonly userName: string;
  readonly password: string;
  /** A code given up front ("I have an MFA token"). */
  readonly mfaCode?: string | undefined;
  readonly sourceIp: string;
}

export type SignInOutcome =
  | { readonly ok: true; readonly session: IssuedConsoleSession }
  | {
      readonly ok: false;
      readonly error: 'invalid' | 'throttled' | 'expired';
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

/** The AWS console's own words for a failed sign-in. */
export const SIGNIN_FAILED = 'Your authentication information is incorrect. Please try again.';
const EXPIRED =
  'Your password has expired and only an administrator can set a new one. Contact your administrator.';

const invalid: SignInOutcome = { ok: false, error: 'invalid', message: SIGNIN_FAILED };

function throttled(waitMs: number): SignInOutcome {
  const seconds = Math.ceil(waitMs / 1000);
  return {
    ok: false,
    error: 'throttled',
    message: `Too many failed sign-in attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`,
    retryAfterSeconds: seconds,
  };
}

function findSigninAccount(tx: Tx, account: string): Promise<AccountRow | undefined> {
  const trimmed = account.trim();
  return /^\d{12}$/.test(trimmed) ? findAccount(tx, trimmed) : findAccountByAlias(tx, trimmed.toLowerCase());
}

/**
 * Checks a code against the user's devices: the device the code is right for is the one checked
 * (with replay protection and failure counting); with none, the first is, so the failure counts.
 */
async function checkAnyDevice(
  tx: Tx,
  secrets: SecretBox,
  user: { readonly accountId: string; readonly userId: string },
  mfaCode: string,
  now: Date,
): Promise<boolean> {
  const devices = await devicesOfUser(tx, user.userId);
  let device = devices[0];
  for (const candidate of devices) {
    if ((await codeClaim(tx, secrets, candidate, mfaCode, now)) === undefined) continue;
    device = candidate;
    break;
  }
  if (!device) return false;
  const outcome = await verifyMfaCode(tx, secrets, user, device.serial_number, mfaCode, now);
  return outcome.ok;
}

/** Whether the user must choose a new password before acting: reset required, or expired. */
async function needsNewPassword(tx: Tx, accountId: string, userId: string, now: Date): Promise<boolean> {
  const profile = await findLoginProfile(tx, userId);
  if (!profile) return false;
  if (profile.password_reset_required === 1) return true;
  return passwordExpired(await readPasswordPolicy(tx, accountId), profile.password_set_at, now);
}

/**
 * Signs a user in with a password (and a code, when given). Answers a session at the stage still to
 * pass ('mfa', 'new_password' or 'active'), or why not. Failures are counted and committed.
 * @example const outcome = await signIn(store, secrets, { account: '123456789012', userName, password, sourceIp }, new Date(), CONSOLE_SESSION_TIMEOUTS);
 */
export async function signIn(
  store: Store,
  secrets: SecretBox,
  input: SignInInput,
  now: Date,
  timeouts: ConsoleSessionTimeouts,
): Promise<SignInOutcome> {
  const account = await findSigninAccount(store.db, input.account);
  const byUser = userKey(account?.id ?? input.account.trim(), input.userName);
  const byAddress = addressKey(input.sourceIp);
  const wait = await waitBeforeAttempt(
    store.db,
    [
      [byUser, USER_THROTTLE],
      [byAddress, ADDRESS_THROTTLE],
    ],
    now,
  );
  if (wait > 0) return throttled(wait);
  // Hashing is slow on purpose; it is done outside any transaction so it holds no lock.
  const check = account
    ? await verifyPassword(store.db, account.id, input.userName, input.password, now)
    : await verifyAgainstNothing(input.password).then(() => ({ ok: false as const }));
  if (!check.ok) {
    await store.transaction((tx) => countFailure(tx, [byUser, byAddress], now));
    return invalid;
  }
  const accountId = account?.id ?? '';
  const user = { accountId, userId: check.userId };
  return store.transaction(async (tx) => {
    await clearFailure(tx, byUser);
    await recordPasswordUse(tx, user.userId, now);
    if (check.expired && check.hardExpiry) return { ok: false, error: 'expired', message: EXPIRED };
    const hasDevices = (await devicesOfUser(tx, user.userId)).length > 0;
    let mfaAuthenticatedAt: Date | undefined;
    if (hasDevices && input.mfaCode === undefined)
      return {
        ok: true,
        session: await startConsoleSession(tx, user, 'mfa', undefined, input.sourceIp, now, timeouts),
      };
    if (hasDevices && input.mfaCode !== undefined) {
      if (!(await checkAnyDevice(tx, secrets, user, input.mfaCode, now))) {
        await countFailure(tx, [byAddress], now);
        return invalid;
      }
      mfaAuthenticatedAt = now;
    }
    const stage = check.passwordResetRequired || check.expired ? 'new_password' : 'active';
    return {
      ok: true,
      session: await startConsoleSession(tx, user, stage, mfaAuthenticatedAt, input.sourceIp, now, timeouts),
    };
  });
}

/** The second step: a code from any of the user's devices completes MFA, under a new identifier. */
export async function completeMfa(
  store: Store,
  secrets: SecretBox,
  session: ConsoleSession,
  mfaCode: string,
  sourceIp: string,
  now: Date,
  timeouts: ConsoleSessionTimeouts,
): Promise<SignInOutcome> {
  if (session.stage !== 'mfa') return invalid;
  const user = { accountId: session.accountId, userId: session.userId };
  return store.transaction(async (tx) => {
    if (!(await checkAnyDevice(tx, secrets, user, mfaCode, now))) {
      await countFailure(tx, [addressKey(sourceIp)], now);
      return invalid;
    }
    const stage = (await needsNewPassword(tx, user.accountId, user.userId, now)) ? 'new_password' : 'active';
    return {
      ok: true,
      session: await advanceConsoleSession(tx, session, stage, { mfaAuthenticatedAt: now }, now, timeouts),
    };
  });
}

/** After the new password was set (through the enforced ChangePassword), the session becomes active. */
export function passwordChanged(
  store: Store,
  session: ConsoleSession,
  now: Date,
  timeouts: ConsoleSessionTimeouts,
): Promise<IssuedConsoleSession> {
  return store.transaction((tx) => advanceConsoleSession(tx, session, 'active', {}, now, timeouts));
}

/** A sign-in code to text to the user's SMS device: where it goes, and how the console shows that. */
export interface SignInText {
  readonly serialNumber: string;
  readonly text: TextMessage;
  /** The phone number's last digits. */
  readonly hint: string;
}

/**
 * Issues a sign-in code for the SMS device of a session still waiting for MFA, to be texted once
 * this has committed; undefined when the user has no SMS device (or, with `soleDevice`, has others
 * too: they are not texted unasked). `LimitExceeded` within 30 s of the last code.
 */
export function signInText(
  store: Store,
  secrets: SecretBox,
  session: { readonly userId: string },
  now: Date,
  options: { readonly soleDevice?: boolean } = {},
): Promise<SignInText | undefined> {
  return store.transaction(async (tx) => {
    const devices = await devicesOfUser(tx, session.userId);
    const device = smsDeviceAmong(devices);
    if (!device || (options.soleDevice && devices.length > 1)) return undefined;
    const text = await issueSignInCode(tx, secrets, device, now);
    return { serialNumber: device.serial_number, text, hint: phoneHint(text.to) };
  });
}

/**
 * The user's SMS device as the MFA step shows it: its phone's last digits, and whether a code
 * texted to it is still waiting (a reloaded page can say so); undefined without one.
 */
export async function smsDeviceState(
  tx: Tx,
  secrets: SecretBox,
  userId: string,
  now: Date,
): Promise<{ readonly phone: string; readonly codeSent: boolean } | undefined> {
  const device = smsDeviceAmong(await devicesOfUser(tx, userId));
  if (!device) return undefined;
  return {
    phone: phoneHint(phoneNumberOf(secrets, device)),
    codeSent: await signInCodePending(tx, device, now),
  };
}
