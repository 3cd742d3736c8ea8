import { randomInt } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import type { TextMessage } from '../sms/sender.js';
import { lockUserCredentials } from '../store/access-keys.js';
import { findMfaDevice, insertMfaDevice, type MfaDeviceRow } from '../store/mfa-devices.js';
import { deleteSmsCode, findSmsCode, putSmsCode, takeSmsCode, type SmsCodeRow } from '../store/sms-mfa.js';
import type { Tx } from '../store/store.js';
import { iamArn } from './arns.js';
import { IamError } from './errors.js';
import {
  checkCodes,
  INVALID_CODES,
  LOCKED_MESSAGE,
  checkDeviceQuota,
  sameCode,
  type CodeClaim,
  type CodeOutcome,
} from './mfa-code-checks.js';
import { requireUser } from './principals.js';

/**
 * SMS MFA devices, as the seeds' older AWS console offered them (AWS has since retired them): a
 * user registers a phone number (`iam:RequestSmsMfaRegistration` texts it a code), proves it
 * (`iam:FinalizeSmsMfaRegistration` with that code), and from then on signs in with a code texted
 * when asked for. A device waits for one code at a time, valid for five minutes and used once;
 * wrong codes count against the user as TOTP codes do. The phone number is sealed at rest.
 * Texts are returned as messages for the caller to send once its transaction has committed, so
 * that a slow gateway holds no database lock.
 */

/** How long a texted code is valid. */
export const SMS_CODE_LIFETIME_MS = 5 * 60_000;
/** The shortest time between two codes texted to one device. */
export const SMS_RESEND_INTERVAL_MS = 30_000;

/** The serial number of the user's SMS device, after AWS's `sms-mfa` resource type. */
export function smsSerialNumber(accountId: string, userName: string): string {
  return iamArn(accountId, 'sms-mfa', '/', userName);
}

/** Whether a serial number names an SMS device. */
export function isSmsSerial(serialNumber: string): boolean {
  return /^arn:[^:]+:iam::\d{12}:sms-mfa\//.test(serialNumber);
}

/** A phone number as the console shows it: its last four digits. */
export function phoneHint(phoneNumber: string): string {
  return `•••• ${phoneNumber.slice(-4)}`;
}

function textFor(code: string): (to: string) => TextMessage {
  const minutes = SMS_CODE_LIFETIME_MS / 60_000;
  return (to) => ({ to, body: `Your iamfa verification code is ${code}. It expires in ${minutes} minutes.` });
}

interface SealedCode {
  readonly code: string;
  /** For a registration: the number being registered. */
  readonly phoneNumber?: string;
}

/** Refuses a new code while the device's last one is younger than SMS_RESEND_INTERVAL_MS. */
function checkResend(pending: SmsCodeRow | undefined, now: Date): void {
  if (!pending) return;
  const wait = SMS_RESEND_INTERVAL_MS - (now.getTime() - new Date(pending.created_at).getTime());
  if (wait > 0)
    throw new IamError(
      'LimitExceeded',
      `A code was sent moments ago. Wait ${Math.ceil(wait / 1000)} seconds before requesting another.`,
    );
}

/** Sets a fresh code for the device to wait for; returns it. */
async function issueCode(
  tx: Tx,
  secrets: SecretBox,
  row: Pick<SmsCodeRow, 'serial_number' | 'account_id' | 'user_id' | 'purpose'>,
  phoneNumber: string | undefined,
  now: Date,
): Promise<string> {
  checkResend(await findSmsCode(tx, row.serial_number), now);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const sealed: SealedCode = phoneNumber === undefined ? { code } : { code, phoneNumber };
  await putSmsCode(tx, {
    ...row,
    secret: secrets.seal(JSON.stringify(sealed), row.serial_number),
    expires_at: new Date(now.getTime() + SMS_CODE_LIFETIME_MS).toISOString(),
    created_at: now.toISOString(),
  });
  return code;
}

/**
 * The claim on the device's waiting code if `code` is it (for this purpose, not expired), with
 * what was sealed with it; otherwise undefined.
 */
async function claimCode(
  tx: Tx,
  secrets: SecretBox,
  serialNumber: string,
  purpose: SmsCodeRow['purpose'],
  code: string,
  now: Date,
): Promise<(CodeClaim & { readonly sealed: SealedCode }) | undefined> {
  const pending = await findSmsCode(tx, serialNumber);
  if (!pending || pending.purpose !== purpose || new Date(pending.expires_at) <= now) return undefined;
  const sealed = JSON.parse(secrets.open(pending.secret, serialNumber)) as SealedCode;
  if (!sameCode(sealed.code, code)) return undefined;
  return {
    sealed,
    used: () => Promise.resolve(false),
    use: () => takeSmsCode(tx, serialNumber, pending.created_at),
  };
}

const inUse = (): IamError => new IamError('EntityAlreadyExists', 'MFA Device is already in use.');

/**
 * Starts registering the user's phone: a code to text to it, which FinalizeSmsMfaRegistration
 * takes. A user has at most one SMS device, counted among their eight.
 */
export async function requestSmsMfaRegistration(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  input: { readonly userName: string; readonly phoneNumber: string },
  now: Date,
): Promise<{ readonly serialNumber: string; readonly text: TextMessage }> {
  const user = await requireUser(tx, accountId, input.userName);
  const serialNumber = smsSerialNumber(accountId, user.name);
  await lockUserCredentials(tx, user.id);
  if (await findMfaDevice(tx, accountId, serialNumber)) throw inUse();
  await checkDeviceQuota(tx, user.id);
  const code = await issueCode(
    tx,
    secrets,
    { serial_number: serialNumber, account_id: accountId, user_id: user.id, purpose: 'register' },
    input.phoneNumber,
    now,
  );
  return { serialNumber, text: textFor(code)(input.phoneNumber) };
}

/** Completes a registration with the texted code: the user's SMS device is then assigned. */
export async function finalizeSmsMfaRegistration(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  input: { readonly userName: string; readonly code: string },
  now: Date,
  /** The request's source address: failures from it are counted too. */
  sourceIp?: string,
): Promise<{ readonly serialNumber: string; readonly outcome: CodeOutcome }> {
  const user = await requireUser(tx, accountId, input.userName);
  const serialNumber = smsSerialNumber(accountId, user.name);
  await lockUserCredentials(tx, user.id);
  const claim = await claimCode(tx, secrets, serialNumber, 'register', input.code, now);
  const outcome = await checkCodes(
    tx,
    user.id,
    claim,
    now,
    () => new IamError('InvalidAuthenticationCode', INVALID_CODES),
    () => new IamError('LimitExceeded', LOCKED_MESSAGE),
    sourceIp,
  );
  if (outcome.ok && claim?.sealed.phoneNumber !== undefined) {
    if (await findMfaDevice(tx, accountId, serialNumber)) throw inUse();
    await checkDeviceQuota(tx, user.id);
    await insertMfaDevice(tx, {
      serial_number: serialNumber,
      account_id: accountId,
      name: user.name,
      // Not a virtual device's name: it cannot collide with one named after the user.
      name_key: serialNumber.toLowerCase(),
      path: '/',
      seed: secrets.seal(claim.sealed.phoneNumber, serialNumber),
      user_id: user.id,
      enabled_at: now.toISOString(),
      created_at: now.toISOString(),
    });
  }
  return { serialNumber, outcome };
}

/** The SMS device among a user's devices, if they have one. */
export function smsDeviceAmong(devices: readonly MfaDeviceRow[]): MfaDeviceRow | undefined {
  return devices.find((device) => isSmsSerial(device.serial_number));
}

/** The phone number a device's codes are texted to. */
export function phoneNumberOf(secrets: SecretBox, device: MfaDeviceRow): string {
  return secrets.open(device.seed, device.serial_number);
}

/** A sign-in code for the SMS device, to text to its phone (at most one per SMS_RESEND_INTERVAL_MS). */
export async function issueSignInCode(
  tx: Tx,
  secrets: SecretBox,
  device: MfaDeviceRow,
  now: Date,
): Promise<TextMessage> {
  if (device.user_id === null) throw new Error(`SMS device ${device.serial_number} is not assigned.`);
  const code = await issueCode(
    tx,
    secrets,
    {
      serial_number: device.serial_number,
      account_id: device.account_id,
      user_id: device.user_id,
      purpose: 'sign-in',
    },
    undefined,
    now,
  );
  return textFor(code)(phoneNumberOf(secrets, device));
}

/** Whether the SMS device waits for a sign-in code texted less than SMS_CODE_LIFETIME_MS ago. */
export async function signInCodePending(tx: Tx, device: MfaDeviceRow, now: Date): Promise<boolean> {
  const pending = await findSmsCode(tx, device.serial_number);
  return pending?.purpose === 'sign-in' && new Date(pending.expires_at) > now;
}

/** The claim on the SMS device's sign-in code if `code` is it; for every path that checks codes. */
export function signInCodeClaim(
  tx: Tx,
  secrets: SecretBox,
  device: MfaDeviceRow,
  code: string,
  now: Date,
): Promise<CodeClaim | undefined> {
  return claimCode(tx, secrets, device.serial_number, 'sign-in', code, now);
}

/** Withdraws the code a device waits for (its text could not be sent), so that one may be asked for at once. */
export function withdrawSmsCode(tx: Tx, serialNumber: string): Promise<void> {
  return deleteSmsCode(tx, serialNumber);
}
