import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, type IAMClient } from '@aws-sdk/client-iam';
import { code, timeStep } from '../../src/auth/totp/index.js';
import { decodeBase32 } from './base32.js';

/**
 * The current time step, waiting first if fewer than 4 seconds of it remain: codes sent for
 * steps around it must reach the server while its clock is still in it.
 */
export async function freshStep(): Promise<number> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 4000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  return timeStep(new Date());
}

/** A virtual device, created and not enabled: its serial number and seed. */
export async function createDevice(iam: IAMClient, name: string): Promise<{ serial: string; seed: Buffer }> {
  const { VirtualMFADevice } = await iam.send(
    new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }),
  );
  const base32 = Buffer.from(VirtualMFADevice?.Base32StringSeed ?? []).toString('ascii');
  return { serial: VirtualMFADevice?.SerialNumber ?? '', seed: decodeBase32(base32) };
}

/**
 * A device created and enabled for `userName` with the codes of steps s-1 and s; its serial, its
 * seed and s (the next code a check accepts is then s+1's).
 */
export async function enabledDevice(
  iam: IAMClient,
  name: string,
  userName: string,
): Promise<{ serial: string; seed: Buffer; step: number }> {
  const device = await createDevice(iam, name);
  const step = await freshStep();
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber: device.serial,
      AuthenticationCode1: code(device.seed, step - 1),
      AuthenticationCode2: code(device.seed, step),
    }),
  );
  return { ...device, step };
}
