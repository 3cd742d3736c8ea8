import { rejection } from '../../test/support/errors.js';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT, insertTestUser } from '../../test/support/store.js';
import type { Store } from '../store/store.js';
import {
  deleteSigningCertificate,
  listSigningCertificates,
  updateSigningCertificate,
  uploadSigningCertificate,
} from './signing-certificates.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/certs/${name}.pem`, import.meta.url), 'utf8');
const ALICE_1 = fixture('alice-1');
const ALICE_2 = fixture('alice-2');
const BOB_1 = fixture('bob-1');
const OTHER_ACCOUNT = '210987654321';
const T0 = new Date('2025-06-01T00:00:00.000Z');

let store: Store;
beforeEach(async () => {
  store = await testStore();
  await store.db
    .insertInto('accounts')
    .values({ id: OTHER_ACCOUNT, alias: null, password_policy: null, created_at: T0.toISOString() })
    .execute();
  for (const [name, account] of [
    ['alice', TEST_ACCOUNT],
    ['bob', TEST_ACCOUNT],
    ['carol', OTHER_ACCOUNT],
  ] as const) {
    await insertTestUser(store.db, name, { accountId: account, createdAt: T0 });
  }
});
afterEach(() => store.close());

const upload = (body: string, user = 'alice', account = TEST_ACCOUNT, now = T0) =>
  store.transaction((tx) => uploadSigningCertificate(tx, account, user, body, now));
const rowCount = async () => (await store.db.selectFrom('signing_certificates').selectAll().execute()).length;

describe('UploadSigningCertificate', () => {
  it('stores the certificate, active, under a 28-character id', async () => {
    const cert = await upload(ALICE_1);
    expect(cert).toEqual({
      UserName: 'alice',
      CertificateId: expect.stringMatching(/^ASCA[A-Z2-7]{24}$/),
      CertificateBody: ALICE_1,
      Status: 'Active',
      UploadDate: T0.toISOString(),
    });
    expect(await store.transaction((tx) => listSigningCertificates(tx, TEST_ACCOUNT, 'alice'))).toEqual([
      cert,
    ]);
  });

  it('allows two per user, then LimitExceeded in AWS words', async () => {
    await upload(ALICE_1);
    await upload(ALICE_2);
    const error = await rejection(upload(BOB_1));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe('Cannot exceed quota for CertificatesPerUser: 2');
    expect(await rowCount()).toBe(2);
    await upload(BOB_1, 'bob');
  });

  it('refuses a certificate another user of the account has, but not one of another account', async () => {
    await upload(ALICE_1);
    for (const body of [ALICE_1, `\n\n${ALICE_1.replace(/\n/g, '\r\n')}  `]) {
      const error = await rejection(upload(body, 'bob'));
      expect(error.code).toBe('DuplicateCertificate');
      expect(error.message).toBe('The certificate is already associated with a user in this account.');
    }
    await upload(ALICE_1, 'carol', OTHER_ACCOUNT);
    expect(await rowCount()).toBe(2);
  });

  it('refuses what is not one PEM certificate as MalformedCertificate, quoting it as AWS does', async () => {
    const malformed = [
      'invalid-certificate-body',
      ALICE_1.replace(/\n[A-Za-z0-9+/]{8}/, '\nAAAAAAAA'),
      `${ALICE_1}${ALICE_2}`,
      ALICE_1.replace('CERTIFICATE', 'X509 CRL'),
    ];
    for (const body of malformed) {
      const error = await rejection(upload(body));
      expect(error.code).toBe('MalformedCertificate');
      expect(error.message).toBe(`Certificate ${body} is malformed.`);
    }
    expect(await rowCount()).toBe(0);
  });

  it('never quotes a private key back', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const error = await rejection(upload(`${ALICE_1}${key}`));
    expect(error.code).toBe('MalformedCertificate');
    expect(error.message).toBe('Certificate body is malformed.');
    expect(error.message).not.toContain(key.split('\n')[1]);
  });

  it('refuses an expired certificate', async () => {
    const expiry = new Date(new X509Certificate(ALICE_1).validTo);
    const error = await rejection(upload(ALICE_1, 'alice', TEST_ACCOUNT, new Date(expiry.getTime() + 1000)));
    expect(error.code).toBe('MalformedCertificate');
    expect(error.message).toBe(`The certificate expired on ${expiry.toISOString()}.`);
    await upload(ALICE_1, 'alice', TEST_ACCOUNT, new Date(expiry.getTime() - 1000));
  });

  it('refuses an unknown user', async () => {
    const error = await rejection(upload(ALICE_1, 'nobody'));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe('The user with name nobody cannot be found.');
  });
});

describe('UpdateSigningCertificate, DeleteSigningCertificate', () => {
  it('change status and delete only the named user’s certificates', async () => {
    const cert = await upload(ALICE_1);
    await store.transaction((tx) =>
      updateSigningCertificate(tx, TEST_ACCOUNT, 'alice', cert.CertificateId, 'Inactive'),
    );
    expect(
      (await store.transaction((tx) => listSigningCertificates(tx, TEST_ACCOUNT, 'alice')))[0]?.Status,
    ).toBe('Inactive');
    for (const op of [
      () =>
        store.transaction((tx) =>
          updateSigningCertificate(tx, TEST_ACCOUNT, 'bob', cert.CertificateId, 'Active'),
        ),
      () => store.transaction((tx) => deleteSigningCertificate(tx, TEST_ACCOUNT, 'bob', cert.CertificateId)),
      () =>
        store.transaction((tx) =>
          deleteSigningCertificate(tx, TEST_ACCOUNT, 'alice', 'NONEXISTENTCERTID12345678901'),
        ),
    ]) {
      const error = await rejection(op());
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toMatch(/^The Certificate with id \w+ cannot be found\.$/);
    }
    const nobody = await rejection(
      store.transaction((tx) =>
        updateSigningCertificate(tx, TEST_ACCOUNT, 'nobody', cert.CertificateId, 'Active'),
      ),
    );
    expect(nobody.message).toBe('The user with name nobody cannot be found.');
    await store.transaction((tx) => deleteSigningCertificate(tx, TEST_ACCOUNT, 'alice', cert.CertificateId));
    expect(await store.transaction((tx) => listSigningCertificates(tx, TEST_ACCOUNT, 'alice'))).toEqual([]);
  });
});
