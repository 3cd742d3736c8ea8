import type { SecretBox } from '../auth/secret-box.js';
import {
  base32,
  code,
  DEFAULT_PERIOD,
  matchingStep,
  newSeed,
  otpauthUri,
  qrCodePng,
  timeStep,
} from '../auth/totp/index.js';
import { lockUserCredentials } from '../store/access-keys.js';
import { findAccount } from '../store/accounts.js';
import {
  assignMfaDevice,
  claimMfaDevice,
  deleteMfaDevice,
  devicesOfUser,
  findMfaDevice,
  findMfaDeviceByName,
  insertMfaDevice,
  listMfaDevices,
  setDrift,
  stepUsed,
  useSteps,
  type MfaDeviceRow,
  type MfaDeviceWithUser,
} from '../store/mfa-devices.js';
import type { UserRow } from '../store/principals.js';
import { deleteSmsCode } from '../store/sms-mfa.js';
import type { Tx } from '../store/store.js';
import { quotaExceeded } from './account.js';
import { iamArn } from './arns.js';
import { IamError } from './errors.js';
import { isHardwareSerial } from './hardware-tokens.js';
import {
  checkCodes,
  CODE_WINDOW,
  INVALID_CODES,
  LOCKED_MESSAGE,
  checkDeviceQuota,
  RESYNC_WINDOW,
  sameCode,
  type CodeClaim,
  type CodeOutcome,
} from './mfa-code-checks.js';
import { requireUser } from './principals.js';
import { isSmsSerial, signInCodeClaim } from './sms-mfa.js';
import { checkNewTags, removeTags, setTags, tagsOf, TAGS_PER_ENTITY, type Tag } from './tags.js';

/**
 * Virtual MFA devices: created unassigned with a seed shown once, enabled for a user with two
 * consecutive codes, then checked on every path that takes a code. Every accepted time step is
 * recorded per device, so no code is accepted twice; wrong codes count against the user.
 * Hardware TOTP tokens (hardware-tokens.ts) and SMS devices (sms-mfa.ts) are checked, listed and
 * deactivated here too.
 */

/** The issuer shown by authenticator apps beside the label. */
export const TOTP_ISSUER = 'iamfa';

/** The claim on TOTP time steps: replayed if any was used, used up by recording them all. */
function stepsClaim(tx: Tx, serialNumber: string, steps: readonly number[], now: Date): CodeClaim {
  return {
    used: async () => {
      let replayed = false;
      for (const step of steps) if (await stepUsed(tx, serialNumber, step)) replayed = true;
      return replayed;
    },
    use: () => useSteps(tx, serialNumber, steps, now),
  };
}

export interface NewVirtualMfaDevice {
  readonly name: string;
  /** Defaults to `/`. */
  readonly path?: string;
  readonly tags?: readonly Tag[];
}

/** CreateVirtualMFADevice's result: the only time the seed leaves the server. */
export interface CreatedVirtualMfaDevice {
  readonly serialNumber: string;
  /** The seed in Base32, as ASCII bytes (the API's blob). */
  readonly base32StringSeed: Buffer;
  /** A PNG QR code of the otpauth URI. */
  readonly qrCodePng: Buffer;
  readonly tags: readonly Tag[];
}

/** "VirtualMFADevice with serial number X doesn't exist." */
export function noSuchDevice(serialNumber: string): IamError {
  return new IamError('NoSuchEntity', `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
}

function notAssignedTo(serialNumber: string, userName: string): IamError {
  return new IamError(
    'NoSuchEntity',
    `MFA Device with serial number ${serialNumber} is not associated with user ${userName}.`,
  );
}

async function requireDevice(tx: Tx, accountId: string, serialNumber: string): Promise<MfaDeviceRow> {
  const device = await findMfaDevice(tx, accountId, serialNumber);
  if (!device) throw noSuchDevice(serialNumber);
  return device;
}

function openSeed(secrets: SecretBox, device: MfaDeviceRow): Buffer {
  return Buffer.from(secrets.open(device.seed, device.serial_number), 'hex');
}

/** The step t within ±window of `center` where code1 is t's code and code2 is t+1's, or undefined. */
export function consecutiveStep(
  seed: Buffer,
  code1: string,
  code2: string,
  center: number,
  window: number,
): number | undefined {
  let found: number | undefined;
  // Every candidate is computed, nearest first, so timing says nothing about which matched.
  for (let distance = 0; distance <= window; distance++) {
    for (const step of distance === 0 ? [center] : [center - distance, center + distance]) {
      if (step < 0) continue;
      const match = sameCode(code(seed, step), code1) && sameCode(code(seed, step + 1), code2);
      if (match && found === undefined) found = step;
    }
  }
  return found;
}

/** The longest serial number every MFA operation accepts (the model's `serialNumberType`). */
const SERIAL_NUMBER_MAX = 256;

/**
 * A device whose serial number no other operation could take is refused at creation, its name's
 * limit worded as AWS's validation words it: 226 characters under the path `/`.
 */
function checkSerialLength(serialNumber: string, name: string): void {
  if (serialNumber.length <= SERIAL_NUMBER_MAX) return;
  const limit = SERIAL_NUMBER_MAX - (serialNumber.length - name.length);
  throw new IamError(
    'ValidationError',
    `1 validation error detected: Value '${name}' at 'virtualMFADeviceName' failed to satisfy constraint: Member must have length less than or equal to ${Math.max(limit, 0)}`,
  );
}

/** Creates an unassigned virtual device with a fresh seed; the seed is returned here only. */
export async function createVirtualMfaDevice(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  input: NewVirtualMfaDevice,
  now: Date,
): Promise<CreatedVirtualMfaDevice> {
  const path = input.path ?? '/';
  const serialNumber = iamArn(accountId, 'mfa', path, input.name);
  checkSerialLength(serialNumber, input.name);
  if (await findMfaDeviceByName(tx, accountId, input.name)) {
    throw new IamError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.');
  }
  const tags = input.tags ?? [];
  checkNewTags(tags);
  if (tags.length > TAGS_PER_ENTITY) throw quotaExceeded('TagsPerMFADevice', TAGS_PER_ENTITY);
  const seed = newSeed();
  await insertMfaDevice(tx, {
    serial_number: serialNumber,
    account_id: accountId,
    name: input.name,
    name_key: input.name.toLowerCase(),
    path,
    seed: secrets.seal(seed.toString('hex'), serialNumber),
    user_id: null,
    enabled_at: null,
    created_at: now.toISOString(),
  });
  if (tags.length > 0) await setTags(tx, serialNumber, tags, 'User');
  const account = await findAccount(tx, accountId);
  const label = `${input.name}@${account?.alias ?? accountId}`;
  return {
    serialNumber,
    base32StringSeed: Buffer.from(base32(seed), 'ascii'),
    qrCodePng: await qrCodePng(otpauthUri({ seed, label, issuer: TOTP_ISSUER })),
    tags,
  };
}

/**
 * Assigns a device to a user after two consecutive codes (steps t and t+1, t within ±1 step of
 * now). Both steps are then used up. The drift found is kept for later checks.
 */
export async function enableMfaDevice(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  input: { userName: string; serialNumber: string; code1: string; code2: string },
  now: Date,
  /** The request's source address: failures from it are counted too. */
  sourceIp?: string,
): Promise<CodeOutcome> {
  const user = await requireUser(tx, accountId, input.userName);
  const device = await requireDevice(tx, accountId, input.serialNumber);
  if (device.user_id !== null) throw new IamError('EntityAlreadyExists', 'MFA Device is already in use.');
  // The user's devices are counted under its lock: two enables on two nodes cannot both be the 8th.
  await lockUserCredentials(tx, user.id);
  await checkDeviceQuota(tx, user.id);
  const current = timeStep(now);
  const t = consecutiveStep(openSeed(secrets, device), input.code1, input.code2, current, CODE_WINDOW);
  const outcome = await checkCodes(
    tx,
    user.id,
    t === undefined ? undefined : stepsClaim(tx, device.serial_number, [t, t + 1], now),
    now,
    () => new IamError('InvalidAuthenticationCode', INVALID_CODES),
    () => new IamError('LimitExceeded', LOCKED_MESSAGE),
    sourceIp,
  );
  // Assigned only if still unassigned: an enable racing on another node may have won since the
  // device was read (then this one's steps and all are undone).
  const claimed =
    outcome.ok &&
    t !== undefined &&
    (await claimMfaDevice(tx, device.serial_number, {
      user_id: user.id,
      enabled_at: now.toISOString(),
      drift: t + 1 - current,
    }));
  if (outcome.ok && !claimed) throw new IamError('EntityAlreadyExists', 'MFA Device is already in use.');
  return outcome;
}

async function requireAssigned(
  tx: Tx,
  accountId: string,
  userName: string,
  serialNumber: string,
): Promise<{ user: UserRow; device: MfaDeviceRow }> {
  const user = await requireUser(tx, accountId, userName);
  const device = await requireDevice(tx, accountId, serialNumber);
  if (device.user_id !== user.id) throw notAssignedTo(serialNumber, userName);
  return { user, device };
}

/** Re-aligns an assigned device with two consecutive codes within ±RESYNC_WINDOW steps. */
export async function resyncMfaDevice(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  input: { userName: string; serialNumber: string; code1: string; code2: string },
  now: Date,
  /** The request's source address: failures from it are counted too. */
  sourceIp?: string,
): Promise<CodeOutcome> {
  const { user, device } = await requireAssigned(tx, accountId, input.userName, input.serialNumber);
  const current = timeStep(now);
  // An SMS device has no clock to resynchronize: any codes are wrong codes.
  const t = isSmsSerial(device.serial_number)
    ? undefined
    : consecutiveStep(openSeed(secrets, device), input.code1, input.code2, current, RESYNC_WINDOW);
  const outcome = await checkCodes(
    tx,
    user.id,
    t === undefined ? undefined : stepsClaim(tx, device.serial_number, [t, t + 1], now),
    now,
    () => new IamError('InvalidAuthenticationCode', INVALID_CODES),
    () => new IamError('LimitExceeded', LOCKED_MESSAGE),
    sourceIp,
  );
  if (outcome.ok && t !== undefined) await setDrift(tx, device.serial_number, t + 1 - current);
  return outcome;
}

/** AWS's answer when the SerialNumber names no MFA device of the caller (two spaces, as AWS). */
export const MFA_DEVICE_UNKNOWN_MESSAGE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
/** AWS's answer to a wrong (or here, replayed) MFA code on STS. */
export const MFA_CODE_INVALID_MESSAGE =
  'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/**
 * Checks a one-time code from a device assigned to the user (GetSessionToken, AssumeRole, console
 * sign-in), never accepting one twice.
 */
export async function verifyMfaCode(
  tx: Tx,
  secrets: SecretBox,
  user: { readonly accountId: string; readonly userId: string },
  serialNumber: string,
  tokenCode: string,
  now: Date,
  /** The request's source address: failures from it are counted too. */
  sourceIp?: string,
): Promise<CodeOutcome> {
  const device = await findMfaDevice(tx, user.accountId, serialNumber);
  if (!device || device.user_id !== user.userId) {
    throw new IamError('AccessDenied', MFA_DEVICE_UNKNOWN_MESSAGE);
  }
  return checkCodes(
    tx,
    user.userId,
    await codeClaim(tx, secrets, device, tokenCode, now),
    now,
    () => new IamError('AccessDenied', MFA_CODE_INVALID_MESSAGE),
    () => new IamError('AccessDenied', MFA_CODE_INVALID_MESSAGE),
    sourceIp,
  );
}

/**
 * The claim on a device's code if `tokenCode` is right: a TOTP step within ±1 step around now plus
 * the device's drift, or the code an SMS device waits for.
 */
export async function codeClaim(
  tx: Tx,
  secrets: SecretBox,
  device: MfaDeviceRow,
  tokenCode: string,
  now: Date,
): Promise<CodeClaim | undefined> {
  if (isSmsSerial(device.serial_number)) return signInCodeClaim(tx, secrets, device, tokenCode, now);
  const deviceTime = new Date(now.getTime() + device.drift * DEFAULT_PERIOD * 1000);
  const step = matchingStep(openSeed(secrets, device), tokenCode, deviceTime, CODE_WINDOW);
  return step === undefined ? undefined : stepsClaim(tx, device.serial_number, [step], now);
}

/**
 * Unassigns a device from the user: a TOTP device stays, unassigned, with its used steps; an SMS
 * device, which is nothing without its user, is removed with any code it waited for.
 */
export async function deactivateMfaDevice(
  tx: Tx,
  accountId: string,
  userName: string,
  serialNumber: string,
): Promise<void> {
  const { device } = await requireAssigned(tx, accountId, userName, serialNumber);
  if (isSmsSerial(device.serial_number)) {
    await deleteSmsCode(tx, device.serial_number);
    await deleteMfaDevice(tx, device.serial_number);
    return;
  }
  await assignMfaDevice(tx, device.serial_number, { user_id: null, enabled_at: null, drift: 0 });
}

/** Deletes an unassigned virtual device (`DeleteConflict` while it is assigned). */
export async function deleteVirtualMfaDevice(tx: Tx, accountId: string, serialNumber: string): Promise<void> {
  const device = await requireDevice(tx, accountId, serialNumber);
  if (device.user_id !== null) throw new IamError('DeleteConflict', 'MFA Device is still in use.');
  await deleteMfaDevice(tx, device.serial_number);
}

/** A device as ListMFADevices and GetMFADevice show it. */
export type AssignedMfaDevice = {
  readonly UserName: string;
  readonly SerialNumber: string;
  readonly EnableDate: string;
};

function assigned(user: UserRow, device: MfaDeviceRow): AssignedMfaDevice {
  return { UserName: user.name, SerialNumber: device.serial_number, EnableDate: device.enabled_at ?? '' };
}

/** The user's MFA devices, in the order they were enabled. */
export async function listUserMfaDevices(
  tx: Tx,
  accountId: string,
  userName: string,
): Promise<AssignedMfaDevice[]> {
  const user = await requireUser(tx, accountId, userName);
  return (await devicesOfUser(tx, user.id)).map((device) => assigned(user, device));
}

/** One of the user's MFA devices. */
export async function getMfaDevice(
  tx: Tx,
  accountId: string,
  userName: string,
  serialNumber: string,
): Promise<AssignedMfaDevice> {
  const { user, device } = await requireAssigned(tx, accountId, userName, serialNumber);
  return assigned(user, device);
}

export type AssignmentStatus = 'Assigned' | 'Unassigned' | 'Any';

/** The account's virtual devices (never their seeds, nor hardware tokens or SMS devices), filtered by assignment. */
export async function listVirtualMfaDevices(
  tx: Tx,
  accountId: string,
  status: AssignmentStatus = 'Any',
): Promise<MfaDeviceWithUser[]> {
  const all = (await listMfaDevices(tx, accountId)).filter(
    (device) => !isHardwareSerial(device.serial_number) && !isSmsSerial(device.serial_number),
  );
  if (status === 'Any') return all;
  return all.filter((device) => (device.user_id !== null) === (status === 'Assigned'));
}

/** Adds or replaces tags on a device (at most 50). */
export async function tagMfaDevice(
  tx: Tx,
  accountId: string,
  serialNumber: string,
  tags: readonly Tag[],
): Promise<void> {
  const device = await requireDevice(tx, accountId, serialNumber);
  await setTags(tx, device.serial_number, tags, 'MFADevice');
}

export async function untagMfaDevice(
  tx: Tx,
  accountId: string,
  serialNumber: string,
  keys: readonly string[],
): Promise<void> {
  const device = await requireDevice(tx, accountId, serialNumber);
  await removeTags(tx, device.serial_number, keys);
}

export async function mfaDeviceTags(tx: Tx, accountId: string, serialNumber: string): Promise<Tag[]> {
  const device = await requireDevice(tx, accountId, serialNumber);
  return tagsOf(tx, device.serial_number);
}
