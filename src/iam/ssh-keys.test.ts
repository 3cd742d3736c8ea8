import { rejection } from '../../test/support/errors.js';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT, insertTestUser } from '../../test/support/store.js';
import type { Store } from '../store/store.js';
import { newId } from './ids.js';
import {
  deleteSshPublicKey,
  getSshPublicKey,
  listSshPublicKeys,
  md5Fingerprint,
  parsePublicKey,
  updateSshPublicKey,
  uploadSshPublicKey,
} from './ssh-keys.js';

// OpenSSH public keys, built here by hand from node:crypto's JWK export (RFC 4253 §6.6), so the
// code under test is checked against an independent encoder, and against ssh-keygen when present.
function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}
function sshMpint(b64url: string): Buffer {
  let b = Buffer.from(b64url, 'base64url');
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  return sshString((b[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
}
function openSshBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const field = (name: 'e' | 'n' | 'x' | 'y'): string => {
    const value = jwk[name];
    if (value === undefined) throw new Error(`no ${name} in the key`);
    return value;
  };
  if (jwk.kty === 'RSA') {
    return Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshMpint(field('e')), sshMpint(field('n'))]);
  }
  if (jwk.kty === 'OKP')
    return Buffer.concat([
      sshString(Buffer.from('ssh-ed25519')),
      sshString(Buffer.from(field('x'), 'base64url')),
    ]);
  const point = Buffer.concat([
    Buffer.of(4),
    Buffer.from(field('x'), 'base64url'),
    Buffer.from(field('y'), 'base64url'),
  ]);
  return Buffer.concat([
    sshString(Buffer.from('ecdsa-sha2-nistp256')),
    sshString(Buffer.from('nistp256')),
    sshString(point),
  ]);
}
function openSshLine(key: KeyObject, comment = 'alice@laptop'): string {
  const type = openSshBlob(key)
    .subarray(4, 4 + openSshBlob(key).readUInt32BE(0))
    .toString();
  return `${type} ${openSshBlob(key).toString('base64')} ${comment}`;
}
const handFingerprint = (key: KeyObject) =>
  (createHash('md5').update(openSshBlob(key)).digest('hex').match(/../g) as string[]).join(':');

const rsa = (bits = 2048) => generateKeyPairSync('rsa', { modulusLength: bits });
const KEY = rsa();
const pem = (key: KeyObject, type: 'spki' | 'pkcs1' = 'spki') =>
  key.export({ type, format: 'pem' }) as string;

const work = mkdtempSync(join(tmpdir(), 'iamfa-ssh-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let hasSshKeygen = true;
try {
  execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
} catch (e) {
  hasSshKeygen = (e as { code?: string }).code !== 'ENOENT';
}
function sshKeygen(args: string[], input: string): string {
  const file = join(work, `${newId('APKA')}.key`);
  writeFileSync(file, input);
  return execFileSync('ssh-keygen', [...args, '-f', file], { encoding: 'utf8' }).trim();
}

const T0 = new Date('2025-05-01T09:00:00.000Z');
let store: Store;
beforeEach(async () => {
  store = await testStore();
  for (const name of ['alice', 'bob']) {
    await insertTestUser(store.db, name, { accountId: TEST_ACCOUNT, createdAt: T0 });
  }
});
afterEach(() => store.close());

const upload = (body: string, user = 'alice') =>
  store.transaction((tx) => uploadSshPublicKey(tx, TEST_ACCOUNT, user, body, T0));
const get = (id: string, encoding: 'SSH' | 'PEM', user = 'alice') =>
  store.transaction((tx) => getSshPublicKey(tx, TEST_ACCOUNT, user, id, encoding));
const rowCount = async () => (await store.db.selectFrom('ssh_public_keys').selectAll().execute()).length;

describe('UploadSSHPublicKey', () => {
  it('takes an OpenSSH RSA key, with the MD5 fingerprint ssh-keygen shows', async () => {
    const line = openSshLine(KEY.publicKey);
    const key = await upload(`${line}\n`);
    expect(key).toEqual({
      UserName: 'alice',
      SSHPublicKeyId: expect.stringMatching(/^APKA[A-Z2-7]{17}$/),
      Fingerprint: handFingerprint(KEY.publicKey),
      SSHPublicKeyBody: line,
      Status: 'Active',
      UploadDate: T0.toISOString(),
    });
    expect(key.Fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    if (hasSshKeygen) {
      expect(sshKeygen(['-l', '-E', 'md5'], line)).toBe(`2048 MD5:${key.Fingerprint} alice@laptop (RSA)`);
    }
  });

  it('takes a PEM key (SPKI or PKCS#1) and knows it for the same key as its OpenSSH form', async () => {
    const fromPem = await upload(pem(KEY.publicKey));
    expect(fromPem.Fingerprint).toBe(handFingerprint(KEY.publicKey));
    const duplicate = await rejection(upload(openSshLine(KEY.publicKey)));
    expect(duplicate.code).toBe('DuplicateSSHPublicKey');
    expect(duplicate.message).toBe('The SSH public key is already associated with the user.');
    const pkcs1 = await rejection(upload(pem(KEY.publicKey, 'pkcs1')));
    expect(pkcs1.code).toBe('DuplicateSSHPublicKey');
    const other = rsa();
    expect((await upload(pem(other.publicKey, 'pkcs1'))).Fingerprint).toBe(handFingerprint(other.publicKey));
    // Another user may have the same key.
    await upload(openSshLine(KEY.publicKey), 'bob');
  });

  it('allows five keys per user, then LimitExceeded', async () => {
    for (let i = 0; i < 5; i++) await upload(openSshLine(rsa().publicKey));
    const error = await rejection(upload(openSshLine(KEY.publicKey)));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe('Cannot exceed quota for SSHPublicKeysPerUser: 5');
    expect(await rowCount()).toBe(5);
  });

  it('refuses RSA keys under 2048 bits as InvalidPublicKey', async () => {
    const error = await rejection(upload(openSshLine(rsa(1024).publicKey)));
    expect(error.code).toBe('InvalidPublicKey');
    expect(error.message).toBe('The public key is 1024 bits long; the minimum is 2048.');
    expect(await rowCount()).toBe(0);
  });

  it('reads Ed25519 and ECDSA keys correctly but refuses them, as IAM takes RSA keys only', async () => {
    const ed = generateKeyPairSync('ed25519').publicKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    for (const [key, type] of [
      [ed, 'ssh-ed25519'],
      [ec, 'ecdsa-sha2-nistp256'],
    ] as const) {
      for (const body of [openSshLine(key), pem(key)]) {
        const parsed = parsePublicKey(body);
        expect(parsed.type).toBe(type);
        expect(md5Fingerprint(parsed.blob)).toBe(handFingerprint(key));
        const error = await rejection(upload(body));
        expect(error.code).toBe('UnrecognizedPublicKeyEncoding');
        expect(error.message).toBe(`Public keys of type ${type} are not supported; use an RSA key.`);
      }
    }
    if (hasSshKeygen) {
      const line = openSshLine(ed);
      expect(sshKeygen(['-l', '-E', 'md5'], line)).toBe(
        `256 MD5:${md5Fingerprint(parsePublicKey(line).blob)} alice@laptop (ED25519)`,
      );
    }
    expect(await rowCount()).toBe(0);
  });

  it('refuses what is not a public key at all, private keys and certificates included', async () => {
    const unrecognized = [
      'not a key',
      'ssh-dss AAAAB3NzaC1kc3MAAACBAP',
      pem(KEY.privateKey, 'pkcs1').replace('pkcs1', ''),
      KEY.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      `${pem(KEY.publicKey)}${pem(rsa().publicKey)}`,
      openSshLine(KEY.publicKey).replace(' ', '\n'),
    ];
    for (const body of unrecognized) {
      const error = await rejection(upload(body));
      expect(error.code).toBe('UnrecognizedPublicKeyEncoding');
      expect(error.message).toBe('Invalid public key uploaded.');
    }
    expect(await rowCount()).toBe(0);
  });

  it('refuses a well-formed line whose key data is damaged as InvalidPublicKey', async () => {
    const blob = openSshBlob(KEY.publicKey);
    const ed = openSshBlob(generateKeyPairSync('ed25519').publicKey);
    const damaged = [
      blob.subarray(0, blob.length - 1),
      Buffer.concat([blob, Buffer.of(0)]),
      Buffer.concat([sshString(Buffer.from('ssh-rsa')), ed.subarray(4 + 11)]),
      Buffer.from('garbage'),
    ].map((b) => `ssh-rsa ${b.toString('base64')}`);
    damaged.push(`ssh-ed25519 ${blob.toString('base64')}`);
    damaged.push(`ssh-rsa ${blob.toString('base64').slice(0, -2)}`);
    const pemBody = pem(KEY.publicKey);
    damaged.push(pemBody.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA'));
    for (const body of damaged) {
      const error = await rejection(upload(body));
      expect(error.code, body).toBe('InvalidPublicKey');
      expect(error.message).toBe('The public key is malformed.');
    }
    expect(await rowCount()).toBe(0);
  });

  it('refuses an unknown user', async () => {
    const error = await rejection(upload(openSshLine(KEY.publicKey), 'nobody'));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe('The user with name nobody cannot be found.');
  });
});

describe('GetSSHPublicKey', () => {
  it('gives the key in either encoding, converting when asked for the other one', async () => {
    const line = openSshLine(KEY.publicKey);
    const fromSsh = await upload(line);
    expect((await get(fromSsh.SSHPublicKeyId, 'SSH')).SSHPublicKeyBody).toBe(line);
    const asPem = (await get(fromSsh.SSHPublicKeyId, 'PEM')).SSHPublicKeyBody;
    expect(asPem).toBe(pem(KEY.publicKey));

    const other = rsa();
    const fromPem = await upload(pem(other.publicKey, 'pkcs1'));
    expect((await get(fromPem.SSHPublicKeyId, 'PEM')).SSHPublicKeyBody).toBe(
      pem(other.publicKey, 'pkcs1').trim(),
    );
    const asSsh = (await get(fromPem.SSHPublicKeyId, 'SSH')).SSHPublicKeyBody;
    expect(asSsh).toBe(openSshLine(other.publicKey).replace(/ alice@laptop$/, ''));
    if (hasSshKeygen) {
      expect(sshKeygen(['-i', '-m', 'PKCS8'], pem(other.publicKey))).toBe(asSsh);
    }
    expect(await get(fromPem.SSHPublicKeyId, 'SSH')).toMatchObject({
      UserName: 'alice',
      Fingerprint: handFingerprint(other.publicKey),
      Status: 'Active',
      UploadDate: T0.toISOString(),
    });
  });
});

describe('ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey', () => {
  it('list metadata, change status, delete; only the named user’s keys', async () => {
    const key = await upload(openSshLine(KEY.publicKey));
    await upload(openSshLine(rsa().publicKey), 'bob');
    expect(await store.transaction((tx) => listSshPublicKeys(tx, TEST_ACCOUNT, 'alice'))).toEqual([
      {
        UserName: 'alice',
        SSHPublicKeyId: key.SSHPublicKeyId,
        Status: 'Active',
        UploadDate: T0.toISOString(),
      },
    ]);
    await store.transaction((tx) =>
      updateSshPublicKey(tx, TEST_ACCOUNT, 'alice', key.SSHPublicKeyId, 'Inactive'),
    );
    expect((await get(key.SSHPublicKeyId, 'SSH')).Status).toBe('Inactive');

    const missing = [
      () => get(key.SSHPublicKeyId, 'SSH', 'bob'),
      () =>
        store.transaction((tx) => updateSshPublicKey(tx, TEST_ACCOUNT, 'bob', key.SSHPublicKeyId, 'Active')),
      () => store.transaction((tx) => deleteSshPublicKey(tx, TEST_ACCOUNT, 'bob', key.SSHPublicKeyId)),
    ];
    for (const op of missing) {
      const error = await rejection(op());
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toBe(`The Public Key with id ${key.SSHPublicKeyId} cannot be found.`);
    }

    await store.transaction((tx) => deleteSshPublicKey(tx, TEST_ACCOUNT, 'alice', key.SSHPublicKeyId));
    expect(await store.transaction((tx) => listSshPublicKeys(tx, TEST_ACCOUNT, 'alice'))).toEqual([]);
    const again = await rejection(
      store.transaction((tx) => deleteSshPublicKey(tx, TEST_ACCOUNT, 'alice', key.SSHPublicKeyId)),
    );
    expect(again.code).toBe('NoSuchEntity');
  });
});
