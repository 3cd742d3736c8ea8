import { Secret } from 'otpauth';
import type { SecretBox } from '../auth/secret-box.js';
import { findMfaDevice, insertMfaDevice } from '../store/mfa-devices.js';
import type { Tx } from '../store/store.js';
import { IamError } from './errors.js';

/**
 * Hardware TOTP tokens, as AWS supports them: a token's maker knows its seed; the administrator
 * imports it by the serial number printed on the token (iamfa's stand-in for the maker's records),
 * and from then on the token is enabled, resynchronized, listed and checked exactly like a virtual
 * device, by that serial number. Unlike virtual devices, whose serial numbers are ARNs, they are
 * not listed by ListVirtualMFADevices.
 */

/** AWS's form for hardware token serial numbers (e.g. `GAHT12345678`). */
const SERIAL = /^[\w+=/:,.@-]{9,256}$/;

/** Whether a serial number names a hardware token rather than a virtual device (an ARN). */
export function isHardwareSerial(serialNumber: string): boolean {
  return !serialNumber.startsWith('arn:');
}

/**
 * Imports a token's seed (Base32, at least 128 bits, as RFC 4226 asks); the seed is sealed at rest
 * and never readable again. The token is unassigned until EnableMFADevice.
 */
export async function importHardwareToken(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  serialNumber: string,
  base32Seed: string,
  now: Date,
): Promise<void> {
  if (!SERIAL.test(serialNumber) || !isHardwareSerial(serialNumber))
    throw new IamError('InvalidInput', `${serialNumber} is not a hardware token serial number.`);
  let seed: Buffer;
  try {
    seed = Buffer.from(Secret.fromBase32(base32Seed.replace(/[\s=]/g, '').toUpperCase()).bytes);
  } catch {
    throw new IamError('InvalidInput', `The seed of ${serialNumber} is not Base32.`);
  }
  if (seed.length < 16)
    throw new IamError('InvalidInput', `The seed of ${serialNumber} is shorter than 128 bits.`);
  if (await findMfaDevice(tx, accountId, serialNumber))
    throw new IamError('EntityAlreadyExists', `MFA device ${serialNumber} already exists.`);
  await insertMfaDevice(tx, {
    serial_number: serialNumber,
    account_id: accountId,
    name: serialNumber,
    name_key: serialNumber.toLowerCase(),
    path: '/',
    seed: secrets.seal(seed.toString('hex'), serialNumber),
    user_id: null,
    enabled_at: null,
    created_at: now.toISOString(),
  });
}
