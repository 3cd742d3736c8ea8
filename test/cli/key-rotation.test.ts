import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { code } from '../../src/auth/totp/index.js';
import { WRONG_KEY_MESSAGE } from '../../src/server/key-check.js';
import { iamfaWith } from '../support/iamfa-cli.js';
import { enabledDevice } from '../support/mfa-device.js';
import { randomAdminKey, startTestServer, type Credentials } from '../support/server.js';

/**
 * Rotating the at-rest encryption key: every secret (secret access keys, TOTP seeds, session
 * secrets) is re-sealed under the new key, keeps working, and no longer opens under the old one.
 */

const sealedColumns = (dataDir: string): string[] => {
  const db = new Database(join(dataDir, 'iamfa.db'), { readonly: true });
  try {
    return [
      ...db.prepare('select secret as v from access_keys').all(),
      ...db.prepare('select seed as v from mfa_devices').all(),
      ...db.prepare('select secret as v from sessions').all(),
    ].map((row) => (row as { v: string }).v);
  } finally {
    db.close();
  }
};

describe('iamfa rotate-encryption-key', () => {
  let dataDir: string;
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  /** A server's data with a user's key, an enabled MFA device and a session; the server stopped. */
  async function populated(encryptionKey?: string) {
    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-rotate-'));
    const admin = randomAdminKey();
    const t = await startTestServer({
      dataDir,
      admin,
      ...(encryptionKey !== undefined && { encryptionKey }),
    });
    const iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'keeper' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'keeper' }));
    const device = await enabledDevice(iam, 'keeper', 'keeper');
    await t.sts(admin).send(new GetSessionTokenCommand({}));
    await t.close();
    const user: Credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    return { admin, user, device };
  }

  it('with the key file: re-seals everything under a new key, which alone then opens them', async () => {
    const { admin, user, device } = await populated();
    const oldKeyFile = await readFile(join(dataDir, 'encryption.key'), 'utf8');
    const before = sealedColumns(dataDir);

    const run = await iamfaWith({}, 'rotate-encryption-key', '--data-dir', dataDir);
    expect(run).toMatchObject({
      code: 0,
      stdout: `Re-sealed ${before.length} secrets under the new key (the key file now holds only it).\n`,
    });
    const newKeyFile = await readFile(join(dataDir, 'encryption.key'), 'utf8');
    expect(newKeyFile.trim().split('\n')).toHaveLength(1);
    expect(newKeyFile).not.toBe(oldKeyFile);
    const after = sealedColumns(dataDir);
    expect(after).toHaveLength(before.length);
    for (const value of after) expect(before).not.toContain(value);

    // Everything still works under the new key: signatures (no policy needed to ask who one is), and the TOTP seed.
    const t = await startTestServer({ dataDir, admin });
    try {
      expect((await t.sts(user).send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:user\/keeper$/);
      const { Credentials: issued } = await t.sts(user).send(
        new GetSessionTokenCommand({
          SerialNumber: device.serial,
          TokenCode: code(device.seed, device.step + 1),
        }),
      );
      expect(issued?.AccessKeyId).toMatch(/^ASIA/);
    } finally {
      await t.close();
    }
    // The old key opens nothing any more: a server given it refuses to start.
    await writeFile(join(dataDir, 'encryption.key'), oldKeyFile);
    await expect(startTestServer({ dataDir, admin })).rejects.toThrow(WRONG_KEY_MESSAGE);
  });

  it('with IAMFA_ENCRYPTION_KEY: re-seals under the configured key, opening with the previous ones', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const { admin, user } = await populated(oldKey);
    const run = await iamfaWith(
      { IAMFA_ENCRYPTION_KEY: newKey, IAMFA_PREVIOUS_ENCRYPTION_KEYS: oldKey },
      'rotate-encryption-key',
      '--data-dir',
      dataDir,
    );
    expect(run.stdout).toMatch(/^Re-sealed \d+ secrets under the key in IAMFA_ENCRYPTION_KEY/);
    const t = await startTestServer({ dataDir, admin, encryptionKey: newKey });
    try {
      expect((await t.sts(user).send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:user\/keeper$/);
    } finally {
      await t.close();
    }
    await expect(startTestServer({ dataDir, admin, encryptionKey: oldKey })).rejects.toThrow(
      WRONG_KEY_MESSAGE,
    );
  });
});
