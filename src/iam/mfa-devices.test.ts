import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../test/support/base32.js';
import { rejection } from '../../test/support/errors.js';
import { insertTestUser, testStore, TEST_ACCOUNT } from '../../test/support/store.js';
import { secretBox } from '../auth/secret-box.js';
import { code, timeStep } from '../auth/totp/index.js';
import type { Store } from '../store/store.js';
import { getAccountSummary } from './account.js';
import {
  createVirtualMfaDevice,
  deactivateMfaDevice,
  deleteVirtualMfaDevice,
  enableMfaDevice,
  getMfaDevice,
  listUserMfaDevices,
  listVirtualMfaDevices,
  mfaDeviceTags,
  resyncMfaDevice,
  tagMfaDevice,
  untagMfaDevice,
  verifyMfaCode,
} from './mfa-devices.js';
import { MAX_FAILURES, type CodeOutcome } from './mfa-code-checks.js';
import { deleteUser } from './users.js';

const box = secretBox(randomBytes(32));
const T0 = new Date('2025-07-01T00:00:10.000Z');
const STEP = timeStep(T0);
const at = (steps: number) => new Date(T0.getTime() + steps * 30_000);
const serial = (name: string, path = '/') => `arn:aws:iam::${TEST_ACCOUNT}:mfa${path}${name}`;

let store: Store;
let aliceId: string;
beforeEach(async () => {
  store = await testStore();
  aliceId = (await insertTestUser(store.db, 'alice')).id;
  await insertTestUser(store.db, 'bob');
});
afterEach(() => store.close());

/** Creates a device; returns its serial and its seed, decoded from the Base32 answer. */
async function device(name: string, path?: string): Promise<{ serial: string; seed: Buffer }> {
  const created = await store.transaction((tx) =>
    createVirtualMfaDevice(tx, box, TEST_ACCOUNT, { name, ...(path && { path }) }, T0),
  );
  return { serial: created.serialNumber, seed: decodeBase32(created.base32StringSeed.toString('ascii')) };
}

const enable = (serialNumber: string, code1: string, code2: string, userName = 'alice', now = T0) =>
  store.transaction((tx) =>
    enableMfaDevice(tx, box, TEST_ACCOUNT, { userName, serialNumber, code1, code2 }, now),
  );
const resync = (serialNumber: string, code1: string, code2: string, now = T0) =>
  store.transaction((tx) =>
    resyncMfaDevice(tx, box, TEST_ACCOUNT, { userName: 'alice', serialNumber, code1, code2 }, now),
  );
const verify = (serialNumber: string, tokenCode: string, now = T0, userId = aliceId) =>
  store.transaction((tx) =>
    verifyMfaCode(tx, box, { accountId: TEST_ACCOUNT, userId }, serialNumber, tokenCode, now),
  );
const stepsUsed = async () =>
  (await store.db.selectFrom('mfa_used_steps').select('step').execute()).map((row) => row.step);
const failureOf = (outcome: CodeOutcome) => (outcome.ok ? undefined : outcome.error);

/** Creates and enables a device for alice with the codes of steps STEP-1 and STEP. */
async function enabled(name = 'alice'): Promise<{ serial: string; seed: Buffer }> {
  const d = await device(name);
  expect(await enable(d.serial, code(d.seed, STEP - 1), code(d.seed, STEP))).toEqual({ ok: true });
  return d;
}

describe('CreateVirtualMFADevice', () => {
  it('makes a 160-bit seed, shown once, stored only sealed under the serial number', async () => {
    const created = await store.transaction((tx) =>
      createVirtualMfaDevice(tx, box, TEST_ACCOUNT, { name: 'alice', path: '/team/' }, T0),
    );
    expect(created.serialNumber).toBe(serial('alice', '/team/'));
    const text = created.base32StringSeed.toString('ascii');
    expect(text).toMatch(/^[A-Z2-7]{32}$/);
    expect(created.qrCodePng.subarray(1, 4).toString('ascii')).toBe('PNG');
    const [row] = await store.db.selectFrom('mfa_devices').selectAll().execute();
    const seedHex = decodeBase32(text).toString('hex');
    expect(JSON.stringify(row)).not.toContain(text);
    expect(JSON.stringify(row)).not.toContain(seedHex);
    expect(box.open(row?.seed ?? '', created.serialNumber)).toBe(seedHex);
  });

  it('refuses a second device of the same name in any case', async () => {
    await device('alice');
    const error = await rejection(device('ALICE', '/other/'));
    expect([error.code, error.message]).toEqual([
      'EntityAlreadyExists',
      'MFADevice entity at the same path and name already exists.',
    ]);
  });
});

describe('EnableMFADevice', () => {
  it('accepts two consecutive codes around now, and lists the device for the user', async () => {
    const d = await device('alice');
    expect(await enable(d.serial, code(d.seed, STEP), code(d.seed, STEP + 1))).toEqual({ ok: true });
    expect(await store.transaction((tx) => listUserMfaDevices(tx, TEST_ACCOUNT, 'alice'))).toEqual([
      { UserName: 'alice', SerialNumber: d.serial, EnableDate: T0.toISOString() },
    ]);
    expect(await store.transaction((tx) => getMfaDevice(tx, TEST_ACCOUNT, 'alice', d.serial))).toEqual({
      UserName: 'alice',
      SerialNumber: d.serial,
      EnableDate: T0.toISOString(),
    });
  });

  it.each([
    ['reversed', (s: Buffer) => [code(s, STEP + 1), code(s, STEP)]],
    ['not consecutive', (s: Buffer) => [code(s, STEP), code(s, STEP + 2)]],
    ['the same code twice', (s: Buffer) => [code(s, STEP), code(s, STEP)]],
    ['from three steps ago', (s: Buffer) => [code(s, STEP - 3), code(s, STEP - 2)]],
  ])('refuses codes %s with InvalidAuthenticationCode', async (_, codes) => {
    const d = await device('alice');
    const [c1 = '', c2 = ''] = codes(d.seed);
    const error = failureOf(await enable(d.serial, c1, c2));
    expect([error?.code, error?.message]).toEqual([
      'InvalidAuthenticationCode',
      'Authentication code for device is not valid.',
    ]);
    expect(await store.transaction((tx) => listUserMfaDevices(tx, TEST_ACCOUNT, 'alice'))).toEqual([]);
  });

  it('refuses a device already assigned, to anyone', async () => {
    const d = await enabled();
    const error = await rejection(enable(d.serial, code(d.seed, STEP + 1), code(d.seed, STEP + 2), 'bob'));
    expect([error.code, error.message]).toEqual(['EntityAlreadyExists', 'MFA Device is already in use.']);
  });

  it('allows 8 devices per user and refuses the 9th', async () => {
    for (let i = 1; i <= 8; i++) await enabled(`alice-${i}`);
    const ninth = await device('alice-9');
    const error = await rejection(enable(ninth.serial, code(ninth.seed, STEP - 1), code(ninth.seed, STEP)));
    expect([error.code, error.message]).toEqual([
      'LimitExceeded',
      'Cannot exceed quota for MFADevicesPerUser: 8',
    ]);
  });

  it('answers NoSuchEntity for an unknown device or user', async () => {
    expect((await rejection(enable(serial('nope'), '123456', '234567'))).message).toBe(
      `VirtualMFADevice with serial number ${serial('nope')} doesn't exist.`,
    );
    const d = await device('x');
    expect((await rejection(enable(d.serial, '123456', '234567', 'carol'))).code).toBe('NoSuchEntity');
  });
});

describe('one-time codes are used once per device, on every path', () => {
  it('a code accepted at GetSessionToken is refused the second time, and the step is recorded', async () => {
    const d = await enabled();
    const now = at(1);
    expect(await verify(d.serial, code(d.seed, STEP + 1), now)).toEqual({ ok: true });
    const error = failureOf(await verify(d.serial, code(d.seed, STEP + 1), now));
    expect([error?.code, error?.message]).toEqual([
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    ]);
    const steps = await store.db.selectFrom('mfa_used_steps').select('step').orderBy('step').execute();
    expect(steps.map((row) => row.step)).toEqual([STEP - 1, STEP, STEP + 1]);
  });

  it('the codes used to enable cannot then open a session', async () => {
    const d = await enabled();
    expect(failureOf(await verify(d.serial, code(d.seed, STEP)))?.code).toBe('AccessDenied');
    expect(failureOf(await verify(d.serial, code(d.seed, STEP - 1)))?.code).toBe('AccessDenied');
  });

  it('the database itself refuses a step recorded twice', async () => {
    const d = await enabled();
    const insert = () =>
      store.db
        .insertInto('mfa_used_steps')
        .values({ serial_number: d.serial, step: STEP + 5, used_at: T0.toISOString() })
        .execute();
    await insert();
    await expect(insert()).rejects.toThrow(/UNIQUE|PRIMARY/i);
  });

  it('a wrong code, a code too old, and another user’s device are refused', async () => {
    const d = await enabled();
    expect(failureOf(await verify(d.serial, code(d.seed, STEP + 50), at(1)))?.code).toBe('AccessDenied');
    expect(failureOf(await verify(d.serial, code(d.seed, STEP + 1), at(3)))?.code).toBe('AccessDenied');
    const bob = await store.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'bob')
      .executeTakeFirstOrThrow();
    const error = await rejection(verify(d.serial, code(d.seed, STEP + 1), at(1), bob.id));
    expect(error.message).toBe(
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    );
  });
});

describe('ResyncMFADevice', () => {
  it('finds two consecutive codes up to 10 steps away and keeps the drift for later codes', async () => {
    const d = await enabled();
    // The device's clock runs 8 steps ahead: its current code is refused until resynced.
    expect(failureOf(await verify(d.serial, code(d.seed, STEP + 9), at(1)))?.code).toBe('AccessDenied');
    expect(await resync(d.serial, code(d.seed, STEP + 8), code(d.seed, STEP + 9), at(1))).toEqual({
      ok: true,
    });
    expect(await verify(d.serial, code(d.seed, STEP + 10), at(2))).toEqual({ ok: true });
    const far = failureOf(await resync(d.serial, code(d.seed, STEP + 30), code(d.seed, STEP + 31), at(2)));
    expect(far?.code).toBe('InvalidAuthenticationCode');
  });
});

describe('consecutive failures', () => {
  it('are counted per user, reset by a success, and lock the user out at the limit', async () => {
    const d = await enabled();
    const wrong = code(d.seed, STEP + 50);
    await verify(d.serial, wrong, at(1));
    await verify(d.serial, wrong, at(1));
    const count = () => store.db.selectFrom('mfa_failures').select('count').executeTakeFirst();
    expect((await count())?.count).toBe(2);
    expect(await verify(d.serial, code(d.seed, STEP + 1), at(1))).toEqual({ ok: true });
    expect(await count()).toBeUndefined();

    await store.db
      .insertInto('mfa_failures')
      .values({ user_id: aliceId, count: MAX_FAILURES, last_failure_at: at(2).toISOString() })
      .execute();
    // Even the right code is refused while locked out, and it is not used up.
    expect(failureOf(await verify(d.serial, code(d.seed, STEP + 2), at(2)))?.code).toBe('AccessDenied');
    expect(await stepsUsed()).not.toContain(STEP + 2);
    // The lockout ends 15 minutes after the last failure.
    const after = new Date(at(2).getTime() + 15 * 60_000 + 1000);
    expect(await verify(d.serial, code(d.seed, timeStep(after)), after)).toEqual({ ok: true });
  });

  it('from the 5th failure on, an attempt made too soon is refused without checking the code', async () => {
    const d = await enabled();
    await store.db
      .insertInto('mfa_failures')
      .values({ user_id: aliceId, count: 6, last_failure_at: at(1).toISOString() })
      .execute();
    const soon = new Date(at(1).getTime() + 1000);
    expect(failureOf(await verify(d.serial, code(d.seed, STEP + 1), soon))?.code).toBe('AccessDenied');
    const later = new Date(at(1).getTime() + 2500);
    expect(await verify(d.serial, code(d.seed, STEP + 1), later)).toEqual({ ok: true });
  });
});

describe('deactivating, deleting, listing, tagging', () => {
  it('refuses to delete an assigned device or its user, then allows both once deactivated', async () => {
    const d = await enabled();
    const conflict = await rejection(
      store.transaction((tx) => deleteVirtualMfaDevice(tx, TEST_ACCOUNT, d.serial)),
    );
    expect([conflict.code, conflict.message]).toEqual(['DeleteConflict', 'MFA Device is still in use.']);
    const user = await rejection(store.transaction((tx) => deleteUser(tx, TEST_ACCOUNT, 'alice')));
    expect([user.code, user.message]).toEqual([
      'DeleteConflict',
      'Cannot delete entity, must delete MFA device first.',
    ]);

    expect(await store.transaction((tx) => getAccountSummary(tx, TEST_ACCOUNT))).toMatchObject({
      MFADevices: 1,
      MFADevicesInUse: 1,
    });
    await store.transaction((tx) => deactivateMfaDevice(tx, TEST_ACCOUNT, 'alice', d.serial));
    expect(await store.transaction((tx) => getAccountSummary(tx, TEST_ACCOUNT))).toMatchObject({
      MFADevices: 1,
      MFADevicesInUse: 0,
    });
    await store.transaction((tx) => deleteVirtualMfaDevice(tx, TEST_ACCOUNT, d.serial));
    await store.transaction((tx) => deleteUser(tx, TEST_ACCOUNT, 'alice'));
    expect(await store.db.selectFrom('mfa_used_steps').selectAll().execute()).toEqual([]);
  });

  it('lists virtual devices by assignment, with the user of assigned ones', async () => {
    const a = await enabled('a');
    const b = await device('b');
    const list = (status: 'Assigned' | 'Unassigned' | 'Any') =>
      store.transaction(async (tx) =>
        (await listVirtualMfaDevices(tx, TEST_ACCOUNT, status)).map((x) => [x.serial_number, x.user?.name]),
      );
    expect(await list('Assigned')).toEqual([[a.serial, 'alice']]);
    expect(await list('Unassigned')).toEqual([[b.serial, undefined]]);
    expect(await list('Any')).toEqual([
      [a.serial, 'alice'],
      [b.serial, undefined],
    ]);
  });

  it('tags a device and removes its tags', async () => {
    const d = await device('t');
    await store.transaction((tx) => tagMfaDevice(tx, TEST_ACCOUNT, d.serial, [{ Key: 'team', Value: 'a' }]));
    await store.transaction((tx) => tagMfaDevice(tx, TEST_ACCOUNT, d.serial, [{ Key: 'TEAM', Value: 'b' }]));
    expect(await store.transaction((tx) => mfaDeviceTags(tx, TEST_ACCOUNT, d.serial))).toEqual([
      { Key: 'TEAM', Value: 'b' },
    ]);
    await store.transaction((tx) => untagMfaDevice(tx, TEST_ACCOUNT, d.serial, ['team']));
    expect(await store.transaction((tx) => mfaDeviceTags(tx, TEST_ACCOUNT, d.serial))).toEqual([]);
  });
});
