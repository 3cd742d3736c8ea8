import type { Selectable } from 'kysely';
import type { MfaDevicesTable } from './database.js';
import type { UserRow } from './principals.js';
import type { Tx } from './store.js';

export type MfaDeviceRow = Selectable<MfaDevicesTable>;

/** A device with the user it is assigned to, if any. */
export type MfaDeviceWithUser = MfaDeviceRow & { readonly user: UserRow | undefined };

export async function insertMfaDevice(tx: Tx, row: Omit<MfaDeviceRow, 'drift'>): Promise<void> {
  await tx.insertInto('mfa_devices').values(row).execute();
}

/** The account's device with this serial number, or undefined. */
export function findMfaDevice(
  tx: Tx,
  accountId: string,
  serialNumber: string,
): Promise<MfaDeviceRow | undefined> {
  return tx
    .selectFrom('mfa_devices')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('serial_number', '=', serialNumber)
    .executeTakeFirst();
}

/** The account's device with this name (without regard to case), or undefined. */
export function findMfaDeviceByName(
  tx: Tx,
  accountId: string,
  name: string,
): Promise<MfaDeviceRow | undefined> {
  return tx
    .selectFrom('mfa_devices')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}

/** The devices assigned to a user, in the order they were enabled. */
export function devicesOfUser(tx: Tx, userId: string): Promise<MfaDeviceRow[]> {
  return tx
    .selectFrom('mfa_devices')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('enabled_at')
    .orderBy('serial_number')
    .execute();
}

/** The account's virtual devices in serial-number order, each with its user when assigned. */
export async function listMfaDevices(tx: Tx, accountId: string): Promise<MfaDeviceWithUser[]> {
  const devices = await tx
    .selectFrom('mfa_devices')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('serial_number')
    .execute();
  const users = await tx.selectFrom('users').selectAll().where('account_id', '=', accountId).execute();
  const byId = new Map(users.map((user) => [user.id, user]));
  return devices.map((device) => ({
    ...device,
    user: device.user_id === null ? undefined : byId.get(device.user_id),
  }));
}

/** Assigns a device to a user (or with null, unassigns it), with its enable time and drift. */
export async function assignMfaDevice(
  tx: Tx,
  serialNumber: string,
  assignment: { user_id: string | null; enabled_at: string | null; drift: number },
): Promise<void> {
  await tx.updateTable('mfa_devices').set(assignment).where('serial_number', '=', serialNumber).execute();
}

/**
 * Assigns an unassigned device to a user; false if it is assigned already. The condition is part
 * of the update, so of two enables racing for one device (on two nodes) only one assigns it: the
 * other's update waits for the first to commit, then matches no row.
 */
export async function claimMfaDevice(
  tx: Tx,
  serialNumber: string,
  assignment: { user_id: string; enabled_at: string; drift: number },
): Promise<boolean> {
  const result = await tx
    .updateTable('mfa_devices')
    .set(assignment)
    .where('serial_number', '=', serialNumber)
    .where('user_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setDrift(tx: Tx, serialNumber: string, drift: number): Promise<void> {
  await tx.updateTable('mfa_devices').set({ drift }).where('serial_number', '=', serialNumber).execute();
}

/** Removes a device; its used steps go with it, and its tags here. */
export async function deleteMfaDevice(tx: Tx, serialNumber: string): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', serialNumber).execute();
  await tx.deleteFrom('mfa_devices').where('serial_number', '=', serialNumber).execute();
}

/**
 * Records that the device accepted a code for each of these time steps. False if any of them was
 * already used: the primary key decides, so two nodes racing with the same code cannot both win.
 * (The caller's transaction must then be abandoned or its other writes not made.)
 */
export async function useSteps(
  tx: Tx,
  serialNumber: string,
  steps: readonly number[],
  now: Date,
): Promise<boolean> {
  for (const step of steps) {
    const result = await tx
      .insertInto('mfa_used_steps')
      .values({ serial_number: serialNumber, step, used_at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
  }
  return true;
}

/** Whether the device has already accepted a code for this step. */
export async function stepUsed(tx: Tx, serialNumber: string, step: number): Promise<boolean> {
  const row = await tx
    .selectFrom('mfa_used_steps')
    .select('step')
    .where('serial_number', '=', serialNumber)
    .where('step', '=', step)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * How many codes in a row the user has got wrong, and when the last was (undefined if none), with
 * the row locked until the transaction ends (a no-op update takes the lock on both backends):
 * concurrent code checks for one user, on any node, then see each other's failures, so a burst of
 * guesses cannot slip past the delay or the lockout together.
 */
export function lockFailures(
  tx: Tx,
  userId: string,
): Promise<{ count: number; last_failure_at: string } | undefined> {
  return tx
    .updateTable('mfa_failures')
    .set((eb) => ({ count: eb.ref('count') }))
    .where('user_id', '=', userId)
    .returning(['count', 'last_failure_at'])
    .executeTakeFirst();
}

/**
 * Counts one more consecutive failure for the user; returns the new count. The increment is done
 * by the database, so failures counted at once on two nodes are both counted.
 */
export async function addFailure(tx: Tx, userId: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const { count } = await tx
    .insertInto('mfa_failures')
    .values({ user_id: userId, count: 1, last_failure_at: at })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        count: eb('mfa_failures.count', '+', 1),
        last_failure_at: at,
      })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return count;
}

export async function clearFailures(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('mfa_failures').where('user_id', '=', userId).execute();
}

/** How many virtual devices the account has, and how many are assigned. */
export async function countMfaDevices(
  tx: Tx,
  accountId: string,
): Promise<{ devices: number; inUse: number }> {
  const rows = await tx
    .selectFrom('mfa_devices')
    .select('user_id')
    .where('account_id', '=', accountId)
    .execute();
  return { devices: rows.length, inUse: rows.filter((row) => row.user_id !== null).length };
}

/** Whether the user has any MFA device assigned (it blocks deleting the user). */
export async function userHasMfaDevice(tx: Tx, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('mfa_devices')
    .select('serial_number')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
