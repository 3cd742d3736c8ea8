import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../test/support/errors.js';
import { insertTestUser, testStore, TEST_ACCOUNT } from '../../test/support/store.js';
import { secretBox } from '../auth/secret-box.js';
import type { TextMessage } from '../sms/sender.js';
import type { Store } from '../store/store.js';
import {
  createVirtualMfaDevice,
  deactivateMfaDevice,
  resyncMfaDevice,
  verifyMfaCode,
} from './mfa-devices.js';
import { DELAY_AFTER_FAILURES, MFA_DEVICES_PER_USER, type CodeOutcome } from './mfa-code-checks.js';
import {
  finalizeSmsMfaRegistration,
  isSmsSerial,
  issueSignInCode,
  phoneHint,
  requestSmsMfaRegistration,
  SMS_CODE_LIFETIME_MS,
  SMS_RESEND_INTERVAL_MS,
} from './sms-mfa.js';
import { findMfaDevice } from '../store/mfa-devices.js';

const box = secretBox(randomBytes(32));
const T0 = new Date('2025-07-01T00:00:10.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const PHONE = '+15555550123';
const SERIAL = `arn:aws:iam::${TEST_ACCOUNT}:sms-mfa/alice`;

let store: Store;
let aliceId: string;
beforeEach(async () => {
  store = await testStore();
  aliceId = (await insertTestUser(store.db, 'alice')).id;
});
afterEach(() => store.close());

const codeOf = (text: TextMessage) => /code is (\d{6})\./.exec(text.body)?.[1] ?? '';
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const failureOf = (outcome: CodeOutcome) => (outcome.ok ? undefined : outcome.error.code);

const request = (now = T0) =>
  store.transaction((tx) =>
    requestSmsMfaRegistration(tx, box, TEST_ACCOUNT, { userName: 'alice', phoneNumber: PHONE }, now),
  );
const finalize = (code: string, now = T0) =>
  store.transaction((tx) =>
    finalizeSmsMfaRegistration(tx, box, TEST_ACCOUNT, { userName: 'alice', code }, now),
  );
const verify = (code: string, now: Date) =>
  store.transaction((tx) =>
    verifyMfaCode(tx, box, { accountId: TEST_ACCOUNT, userId: aliceId }, SERIAL, code, now),
  );

/** Registers Alice's phone at T0; answers the SMS device's row. */
async function registered() {
  const { text } = await request();
  expect((await finalize(codeOf(text))).outcome).toEqual({ ok: true });
  const device = await findMfaDevice(store.db, TEST_ACCOUNT, SERIAL);
  if (!device) throw new Error('not registered');
  return device;
}

describe('SMS MFA registration', () => {
  it('texts a six-digit code to the number, and keeps the number sealed', async () => {
    const { serialNumber, text } = await request();
    expect(serialNumber).toBe(SERIAL);
    expect(text.to).toBe(PHONE);
    expect(codeOf(text)).toMatch(/^\d{6}$/);
    const pending = await store.db.selectFrom('sms_mfa_codes').selectAll().executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ serial_number: SERIAL, user_id: aliceId, purpose: 'register' });
    expect(pending.secret).not.toContain(codeOf(text));
    expect(pending.secret).not.toContain('5555550123');
  });

  it('refuses a second code within 30 s, and allows one after', async () => {
    await request();
    const error = await rejection(request(later(SMS_RESEND_INTERVAL_MS - 1000)));
    expect([error.code, error.message]).toEqual([
      'LimitExceeded',
      'A code was sent moments ago. Wait 1 seconds before requesting another.',
    ]);
    expect((await request(later(SMS_RESEND_INTERVAL_MS))).text.to).toBe(PHONE);
  });

  it('takes the code once, within five minutes, and seals the phone number under the serial', async () => {
    const { text } = await request();
    expect(failureOf((await finalize(codeOf(text), later(SMS_CODE_LIFETIME_MS))).outcome)).toBe(
      'InvalidAuthenticationCode',
    );
    const fresh = await request(later(SMS_CODE_LIFETIME_MS));
    const now = later(SMS_CODE_LIFETIME_MS + 1000);
    expect(failureOf((await finalize(otherThan(codeOf(fresh.text)), now)).outcome)).toBe(
      'InvalidAuthenticationCode',
    );
    expect((await finalize(codeOf(fresh.text), now)).outcome).toEqual({ ok: true });
    expect(failureOf((await finalize(codeOf(fresh.text), now)).outcome)).toBe('InvalidAuthenticationCode');
    const device = await findMfaDevice(store.db, TEST_ACCOUNT, SERIAL);
    expect(device?.user_id).toBe(aliceId);
    expect(device?.seed).not.toContain('5555550123');
    expect(box.open(device?.seed ?? '', SERIAL)).toBe(PHONE);
  });

  it('counts an SMS device among the user’s eight', async () => {
    for (let i = 0; i < MFA_DEVICES_PER_USER; i++) {
      const created = await store.transaction((tx) =>
        createVirtualMfaDevice(tx, box, TEST_ACCOUNT, { name: `d${i}` }, T0),
      );
      await store.db
        .updateTable('mfa_devices')
        .set({ user_id: aliceId, enabled_at: T0.toISOString() })
        .where('serial_number', '=', created.serialNumber)
        .execute();
    }
    const error = await rejection(request());
    expect([error.code, error.message]).toEqual([
      'LimitExceeded',
      'Cannot exceed quota for MFADevicesPerUser: 8',
    ]);
  });
});

describe('SMS sign-in codes', () => {
  it('are checked on the path every code takes: once, before they expire', async () => {
    const device = await registered();
    const first = await store.transaction((tx) => issueSignInCode(tx, box, device, later(60_000)));
    expect(first.to).toBe(PHONE);
    expect(failureOf(await verify(otherThan(codeOf(first)), later(61_000)))).toBe('AccessDenied');
    expect(await verify(codeOf(first), later(62_000))).toEqual({ ok: true });
    expect(failureOf(await verify(codeOf(first), later(63_000)))).toBe('AccessDenied');
    const second = await store.transaction((tx) => issueSignInCode(tx, box, device, later(120_000)));
    expect(failureOf(await verify(codeOf(second), later(120_000 + SMS_CODE_LIFETIME_MS)))).toBe(
      'AccessDenied',
    );
  });

  it('count failures with the user’s TOTP failures: after five, attempts wait', async () => {
    const device = await registered();
    const text = await store.transaction((tx) => issueSignInCode(tx, box, device, T0));
    for (let i = 0; i < DELAY_AFTER_FAILURES; i++)
      expect(failureOf(await verify(otherThan(codeOf(text)), T0))).toBe('AccessDenied');
    // Even the right code waits now.
    expect(failureOf(await verify(codeOf(text), T0))).toBe('AccessDenied');
    expect(await verify(codeOf(text), later(2000))).toEqual({ ok: true });
  });

  it('cannot be resynchronized, and is removed when deactivated', async () => {
    await registered();
    const resynced = await store.transaction((tx) =>
      resyncMfaDevice(
        tx,
        box,
        TEST_ACCOUNT,
        { userName: 'alice', serialNumber: SERIAL, code1: '000000', code2: '000001' },
        T0,
      ),
    );
    expect(failureOf(resynced)).toBe('InvalidAuthenticationCode');
    await store.transaction((tx) => deactivateMfaDevice(tx, TEST_ACCOUNT, 'alice', SERIAL));
    expect(await findMfaDevice(store.db, TEST_ACCOUNT, SERIAL)).toBeUndefined();
  });
});

describe('names', () => {
  it('tells SMS serial numbers apart, and shows only a number’s last four digits', () => {
    expect(isSmsSerial(SERIAL)).toBe(true);
    expect(isSmsSerial(`arn:aws:iam::${TEST_ACCOUNT}:mfa/alice`)).toBe(false);
    expect(isSmsSerial('GAHT12345678')).toBe(false);
    expect(phoneHint(PHONE)).toBe('•••• 0123');
  });
});
