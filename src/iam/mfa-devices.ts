import { ADDRESS_THROTTLE, addressKey, countFailure, waitBeforeAttempt } from './signin-throttle.js';
import { isHardwareSerial } from './hardware-tokens.js';
import { timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import { base32, code, newSeed, otpauthUri, qrCodePng, timeStep } from '../auth/totp/index.js';
import { lockUserCredentials } from '../store/access-keys.js';
import { findAccount } from '../store/accounts.js';
import {
  addFailure,
  assignMfaDevice,
  claimMfaDevice,
  clearFailures,
  deleteMfaDevice,
  devicesOfUser,
  findMfaDevice,
  findMfaDeviceByName,
  insertMfaDevice,
  listMfaDevices,
  lockFailures,
  setDrift,
  stepUsed,
  useSteps,
  type MfaDeviceRow,
  type MfaDeviceWithUser,
} from '../store/mfa-devices.js';
import type { UserRow } from '../store/principals.js';
import type { Tx } from '../store/store.js';
import { quotaExceeded } from './account.js';
import { iamArn } from './arns.js';
import { IamError } from './errors.js';
import { requireUser } from './principals.js';
import { checkNewTags, removeTags, setTags, tagsOf, TAGS_PER_ENTITY, type Tag } from './tags.js';

/**
 * Virtual MFA devices: created unassigned with a seed shown once, enabled for a user with two
 * consecutive codes, then checked on every path that takes a code. Every accepted time step is
 * recorded per device, so no code is accepted twice; wrong codes count against the user.
 */

/** At most this many MFA devices per user (AWS's quota). */
export const MFA_DEVICES_PER_USER = 8;
/** How far (in 30 s steps) a code may be from the server's clock, plus the device's drift. */
export const CODE_WINDOW = 1;
/** ResyncMFADevice looks this far for two consecutive codes. */
export const RESYNC_WINDOW = 10;
/** Consecutive failures after which a user's codes are refused outright for LOCKOUT_MS. */
export const MAX_FAILURES = 100;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** From this many consecutive failures on, each attempt must wait longer (doubling, up to 60 s). */
export const DELAY_AFTER_FAILURES = 5;
const MAX_DELAY_MS = 60_000;

/** The issuer shown by authenticator apps beside the label. */
export const TOTP_ISSUER = 'iamfa';

/** What a code check came to: the work is done, or the error to answer (the failure is counted). */
export type CodeOutcome = { readonly ok: true } | { readonly ok: false; readonly error: IamError };

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

const INVALID_CODES = 'Authentication code for device is not valid.';

async function requireDevice(tx: Tx, accountId: string, serialNumber: string): Promise<MfaDeviceRow> {
  const device = await findMfaDevice(tx, accountId, serialNumber);
  if (!device) throw noSuchDevice(serialNumber);
  return device;
}

function openSeed(secrets: SecretBox, device: MfaDeviceRow): Buffer {
  return Buffer.from(secrets.open(device.seed, device.serial_number), 'hex');
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
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

/** Failures of MFA codes from one source address, counted with the console's sign-in failures. */
function mfaAddressKey(sourceIp: string): string {
  return `mfa-${addressKey(sourceIp)}`;
}

/**
 * Whether the user may try a code now: refused for LOCKOUT_MS after MAX_FAILURES consecutive
 * failures, and, from DELAY_AFTER_FAILURES on, until a doubling delay since the last failure passed.
 */
async function attemptRefusal(tx: Tx, userId: string, now: Date): Promise<'locked' | 'wait' | undefined> {
  // Locked: a concurrent check for this user waits for this one's outcome before reading it.
  const failures = await lockFailures(tx, userId);
  if (!failures) return undefined;
  const since = now.getTime() - new Date(failures.last_failure_at).getTime();
  if (failures.count >= MAX_FAILURES) return since < LOCKOUT_MS ? 'locked' : undefined;
  if (failures.count < DELAY_AFTER_FAILURES) return undefined;
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures.count - DELAY_AFTER_FAILURES));
  return since < delay ? 'wait' : undefined;
}

const LOCKED_MESSAGE =
  'Too many consecutive invalid MFA authentication codes for this user. Try again later.';

/**
 * The common path of every code check: refusal while locked out or delayed; a wrong or replayed
 * code counted as a failure (committed: the outcome is returned, not thrown); on success the steps
 * recorded (the database refuses a step recorded concurrently: that throws and undoes everything)
 * and the failure count reset.
 */
async function checkCodes(
  tx: Tx,
  userId: string,
  device: MfaDeviceRow,
  steps: readonly number[] | undefined,
  now: Date,
  wrong: () => IamError,
  locked: () => IamError,
  sourceIp: string | undefined,
): Promise<CodeOutcome> {
  const refusal = await attemptRefusal(tx, userId, now);
  if (refusal === 'locked') return { ok: false, error: locked() };
  if (refusal === 'wait') return { ok: false, error: wrong() };
  // One address guessing codes for many users is slowed down as one user would be.
  const address = sourceIp === undefined ? undefined : mfaAddressKey(sourceIp);
  if (address !== undefined && (await waitBeforeAttempt(tx, [[address, ADDRESS_THROTTLE]], now)) > 0)
    return { ok: false, error: wrong() };
  let replayed = false;
  for (const step of steps ?? []) if (await stepUsed(tx, device.serial_number, step)) replayed = true;
  if (steps === undefined || replayed) {
    await addFailure(tx, userId, now);
    if (address !== undefined) await countFailure(tx, [address], now);
    return { ok: false, error: wrong() };
  }
  if (!(await useSteps(tx, device.serial_number, steps, now))) throw wrong();
  await clearFailures(tx, userId);
  return { ok: true };
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
  if ((await devicesOfUser(tx, user.id)).length >= MFA_DEVICES_PER_USER) {
    throw quotaExceeded('MFADevicesPerUser', MFA_DEVICES_PER_USER);
  }
  const current = timeStep(now);
  const t = consecutiveStep(openSeed(secrets, device), input.code1, input.code2, current, CODE_WINDOW);
  const outcome = await checkCodes(
    tx,
    user.id,
    device,
    t === undefined ? undefined : [t, t + 1],
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
  const t = consecutiveStep(openSeed(secrets, device), input.code1, input.code2, current, RESYNC_WINDOW);
  const outcome = await checkCodes(
    tx,
    user.id,
    device,
    t === undefined ? undefined : [t, t + 1],
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
 * Checks a one-time code from a device assigned to the user (GetSessionToken, and later console
 * sign-in and AssumeRole): ±1 step around now plus the device's drift, never a step already used.
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
  const seed = openSeed(secrets, device);
  const center = timeStep(now) + device.drift;
  let step: number | undefined;
  for (let offset = -CODE_WINDOW; offset <= CODE_WINDOW; offset++) {
    const candidate = center + offset;
    if (candidate >= 0 && sameCode(code(seed, candidate), tokenCode) && step === undefined) step = candidate;
  }
  return checkCodes(
    tx,
    user.userId,
    device,
    step === undefined ? undefined : [step],
    now,
    () => new IamError('AccessDenied', MFA_CODE_INVALID_MESSAGE),
    () => new IamError('AccessDenied', MFA_CODE_INVALID_MESSAGE),
    sourceIp,
  );
}

/** Unassigns a device from the user (it stays, unassigned, with its used steps). */
export async function deactivateMfaDevice(
  tx: Tx,
  accountId: string,
  userName: string,
  serialNumber: string,
): Promise<void> {
  const { device } = await requireAssigned(tx, accountId, userName, serialNumber);
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

/** The account's virtual devices (never their seeds, never hardware tokens), filtered by assignment. */
export async function listVirtualMfaDevices(
  tx: Tx,
  accountId: string,
  status: AssignmentStatus = 'Any',
): Promise<MfaDeviceWithUser[]> {
  const all = (await listMfaDevices(tx, accountId)).filter(
    (device) => !isHardwareSerial(device.serial_number),
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
