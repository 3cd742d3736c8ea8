import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, timeStep } from '../../src/auth/totp/index.js';
import { aws, AWS_CLI_VERSION, awsError, type CliCredentials } from '../support/aws-cli.js';
import { decodeBase32 } from '../support/base32.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 5's flow as a user types it with the AWS CLI: create a virtual MFA device with its QR code
 * (or Base32 seed) written to a file, read it as a phone would, enable the device with two
 * consecutive codes, list it, and get MFA session credentials that work. The user is under seed
 * 000's Force_MFA, which lets them manage their own MFA device and nothing else without MFA.
 */

// jsqr is a webpack UMD bundle whose function is `exports.default`; Node's ESM loader hands the
// whole `module.exports` over as the default import, a bundler-style loader may unwrap it.
const jsQR: typeof jsqr.default = typeof jsqr === 'function' ? jsqr : jsqr.default;

const ACCOUNT = '123456789012';
const CLI = AWS_CLI_VERSION.split(' ')[0];

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/policies/${name}.json`, import.meta.url), 'utf8');

function readQr(png: Buffer): string {
  const image = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (found === null) throw new Error('no QR code in the PNG');
  return found.data;
}

interface VirtualMfaDeviceOutput {
  VirtualMFADevice: { SerialNumber: string; Base32StringSeed?: string; QRCodePNG?: string };
}
interface SessionOutput {
  Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
}

describe(`virtual MFA with ${CLI} (issue 5)`, () => {
  let t: TestServer;
  let dir: string;

  /** A user under Force_MFA (seed 000) with an access key: their long-term credentials. */
  async function user(name: string): Promise<CliCredentials> {
    const admin = t.iam();
    await admin.send(new CreateUserCommand({ UserName: name }));
    await admin.send(
      new AttachUserPolicyCommand({ UserName: name, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Force_MFA` }),
    );
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  }

  /**
   * Enables the device with the codes of the current step t and of t+1 (still accepted should the
   * server be in t+1 by then), and returns t: steps t and t+1 are used up, t+2 is the next code.
   */
  async function enable(credentials: CliCredentials, name: string, serial: string, seed: Buffer) {
    const step = timeStep(new Date());
    const output = await aws(
      t.url,
      credentials,
      'iam',
      'enable-mfa-device',
      '--user-name',
      name,
      '--serial-number',
      serial,
      '--authentication-code1',
      code(seed, step),
      '--authentication-code2',
      code(seed, step + 1),
    );
    expect(output).toBeUndefined();
    return step;
  }

  beforeAll(async () => {
    t = await startTestServer();
    expect(t.accountId).toBe(ACCOUNT);
    dir = await mkdtemp(join(tmpdir(), 'iamfa-cli-mfa-'));
    await t
      .iam()
      .send(new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: fixture('000-force-mfa') }));
  });
  /** `aws iam create-virtual-mfa-device … --outfile FILE --bootstrap-method METHOD`, its serial checked. */
  async function createDevice(credentials: CliCredentials, name: string, outfile: string, method: string) {
    const created = (await aws(
      t.url,
      credentials,
      'iam',
      'create-virtual-mfa-device',
      '--virtual-mfa-device-name',
      name,
      '--outfile',
      outfile,
      '--bootstrap-method',
      method,
    )) as VirtualMfaDeviceOutput;
    const serial = created.VirtualMFADevice.SerialNumber;
    expect(serial).toBe(`arn:aws:iam::${ACCOUNT}:mfa/${name}`);
    return { created, serial };
  }

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('QRCodePNG to a file, codes from the scanned secret, enable, list, MFA session credentials that work', async () => {
    const name = 'cli-user';
    const longTerm = await user(name);
    const outfile = join(dir, 'qr.png');
    const { created, serial } = await createDevice(longTerm, name, outfile, 'QRCodePNG');
    // The CLI writes the blob to the file and leaves it out of its output.
    expect(created.VirtualMFADevice.QRCodePNG).toBeUndefined();

    const png = await readFile(outfile);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const uri = new URL(readQr(png));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/${name}@${ACCOUNT}`);
    const secret = uri.searchParams.get('secret') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32,}$/);
    const seed = decodeBase32(secret);

    // Without MFA, Force_MFA denies what is not MFA self-service, e.g. iam:ListAccessKeys.
    expect(await awsError(t.url, longTerm, 'iam', 'list-access-keys')).toBe(
      `An error occurred (AccessDenied) when calling the ListAccessKeys operation: User: arn:aws:iam::${ACCOUNT}:user/${name} is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::${ACCOUNT}:user/${name} with an explicit deny in an identity-based policy`,
    );

    const step = await enable(longTerm, name, serial, seed);

    const listed = (await aws(t.url, longTerm, 'iam', 'list-mfa-devices')) as {
      MFADevices: { UserName: string; SerialNumber: string; EnableDate: string }[];
    };
    expect(listed.MFADevices.map((d) => [d.UserName, d.SerialNumber])).toEqual([[name, serial]]);

    // The next unused step, within the window (see enable).
    const session = (await aws(
      t.url,
      longTerm,
      'sts',
      'get-session-token',
      '--serial-number',
      serial,
      '--token-code',
      code(seed, step + 2),
    )) as SessionOutput;
    expect(session.Credentials.AccessKeyId).toMatch(/^ASIA/);
    const mfa: CliCredentials = {
      accessKeyId: session.Credentials.AccessKeyId,
      secretAccessKey: session.Credentials.SecretAccessKey,
      sessionToken: session.Credentials.SessionToken,
    };
    expect(await aws(t.url, mfa, 'sts', 'get-caller-identity')).toEqual({
      UserId: expect.stringMatching(/^AIDA[A-Z0-9]+$/) as unknown,
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    });
    // With MFA the deny no longer applies: AllowManageOwnAccessKeys takes effect.
    const keys = (await aws(t.url, mfa, 'iam', 'list-access-keys')) as {
      AccessKeyMetadata: { AccessKeyId: string }[];
    };
    expect(keys.AccessKeyMetadata.map((k) => k.AccessKeyId)).toEqual([longTerm.accessKeyId]);

    // The same code again: refused.
    expect(
      await awsError(
        t.url,
        longTerm,
        'sts',
        'get-session-token',
        '--serial-number',
        serial,
        '--token-code',
        code(seed, step + 2),
      ),
    ).toBe(
      'An error occurred (AccessDenied) when calling the GetSessionToken operation: MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
  });

  it('Base32StringSeed to a file: the seed text, which enables the device', async () => {
    const name = 'cli-user-2';
    const longTerm = await user(name);
    const outfile = join(dir, 'seed.txt');
    const { created, serial } = await createDevice(longTerm, name, outfile, 'Base32StringSeed');
    expect(created.VirtualMFADevice.Base32StringSeed).toBeUndefined();

    const text = await readFile(outfile, 'ascii');
    expect(text).toMatch(/^[A-Z2-7]{32,}$/);
    const seed = decodeBase32(text);
    const step = await enable(longTerm, name, serial, seed);
    const listed = (await aws(t.url, longTerm, 'iam', 'list-mfa-devices')) as {
      MFADevices: { SerialNumber: string }[];
    };
    expect(listed.MFADevices.map((d) => d.SerialNumber)).toEqual([serial]);
    const session = (await aws(
      t.url,
      longTerm,
      'sts',
      'get-session-token',
      '--serial-number',
      serial,
      '--token-code',
      code(seed, step + 2),
    )) as SessionOutput;
    const mfa: CliCredentials = {
      accessKeyId: session.Credentials.AccessKeyId,
      secretAccessKey: session.Credentials.SecretAccessKey,
      sessionToken: session.Credentials.SessionToken,
    };
    expect(((await aws(t.url, mfa, 'sts', 'get-caller-identity')) as { Arn: string }).Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/${name}`,
    );
  });
});
