import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  EnableMFADeviceCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32, code } from '../../src/auth/totp/index.js';
import { awsFailure } from '../support/aws-errors.js';
import { iamfa } from '../support/iamfa-cli.js';
import { createDevice, freshStep } from '../support/mfa-device.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Hardware TOTP tokens: the administrator imports a token's seed by its serial number, and the
 * token is then enabled and used exactly like a virtual device, by that serial number.
 */

const SEED = Buffer.from('3132333435363738393031323334353637383930', 'hex'); // RFC 6238's SHA-1 seed
const SERIAL = 'GAHT12345678';

describe('hardware MFA tokens', () => {
  let t: TestServer;
  const importTokens = (...args: string[]) =>
    iamfa(
      'import-mfa-tokens',
      '--data-dir',
      t.dataDir,
      ...(t.databaseUrl === undefined ? [] : ['--database-url', t.databaseUrl]),
      ...args,
    );

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('imports seeds by serial number, one or from a seed file, all or none', async () => {
    expect(await importTokens('--serial', SERIAL, '--seed', base32(SEED))).toMatchObject({
      code: 0,
      stdout: 'Imported 1 hardware MFA token.\n',
    });
    const again = await importTokens('--serial', SERIAL, '--seed', base32(SEED));
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`iamfa: MFA device ${SERIAL} already exists.\n`);
    const file = join(t.dataDir, 'tokens.csv');
    await writeFile(file, `# serial,seed\nGAHT00000001,${base32(SEED)}\nGAHT00000002,not-base32!\n`);
    const bad = await importTokens('--file', file);
    expect(bad).toMatchObject({ code: 2, stderr: 'iamfa: The seed of GAHT00000002 is not Base32.\n' });
    // None of the file was imported: its first token is still free to import.
    expect((await importTokens('--serial', 'GAHT00000001', '--seed', base32(SEED))).code).toBe(0);
    expect((await importTokens('--serial', 'GAHT00000003', '--seed', 'AAAA')).stderr).toContain(
      'shorter than 128 bits',
    );
  });

  it('is enabled, listed and checked like a virtual device, but is no virtual device', async () => {
    const admin = t.iam();
    await admin.send(new CreateUserCommand({ UserName: 'token-holder' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'token-holder' }));
    const step = await freshStep();
    await admin.send(
      new EnableMFADeviceCommand({
        UserName: 'token-holder',
        SerialNumber: SERIAL,
        AuthenticationCode1: code(SEED, step - 1),
        AuthenticationCode2: code(SEED, step),
      }),
    );
    const { MFADevices } = await admin.send(new ListMFADevicesCommand({ UserName: 'token-holder' }));
    expect(MFADevices?.map((d) => d.SerialNumber)).toEqual([SERIAL]);
    const virtual = await createDevice(admin, 'a-phone');
    const { VirtualMFADevices } = await admin.send(new ListVirtualMFADevicesCommand({}));
    expect(VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([virtual.serial]);

    const sts = t.sts({
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    });
    const tokenCode = code(SEED, step + 1);
    const { Credentials } = await sts.send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: tokenCode }),
    );
    const session = t.sts({
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    });
    expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:user\/token-holder$/);
    expect(
      (await awsFailure(sts.send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: tokenCode }))))
        .message,
    ).toBe('MultiFactorAuthentication failed with invalid MFA one time pass code.');
  });
});
