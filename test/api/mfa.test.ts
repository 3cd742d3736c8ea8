import { awsFailure } from '../support/aws-errors.js';
import { policyFixture } from '../support/fixtures.js';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, timeStep } from '../../src/auth/totp/index.js';
import { decodeBase32 } from '../support/base32.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * Virtual MFA end to end, as seed 000 describes it: a user under Force_MFA with long-term keys
 * creates and enables their own virtual device with codes computed from the returned seed, then
 * gets MFA session credentials with which the explicit deny no longer applies.
 */

/**
 * The current time step, waiting first if fewer than 4 seconds of it remain: the codes a test sends
 * for steps s-1 and s must reach the server while its clock is still in step s.
 */
async function freshStep(): Promise<number> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 4000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  return timeStep(new Date());
}

describe('virtual MFA devices end to end (seed 000)', () => {
  let t: TestServer;
  let admin: IAMClient;
  let longTerm: Credentials;
  let user: IAMClient;
  let serial = '';
  let seed: Buffer = Buffer.alloc(0);
  let base32Seed = '';
  let enabledAt = 0;
  const userArn = () => `arn:aws:iam::${t.accountId}:user/mfa-user`;

  async function createUser(name: string): Promise<Credentials> {
    await admin.send(new CreateUserCommand({ UserName: name }));
    await admin.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Initial-Passw0rd!' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  }

  /** A device enabled for `userName` by the administrator (codes of steps s-1, s): serial, seed, s. */
  async function adminDevice(
    name: string,
    userName: string,
  ): Promise<{ serial: string; seed: Buffer; step: number }> {
    const { VirtualMFADevice } = await admin.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }),
    );
    const deviceSeed = decodeBase32(Buffer.from(VirtualMFADevice?.Base32StringSeed ?? []).toString('ascii'));
    const step = await freshStep();
    await admin.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: VirtualMFADevice?.SerialNumber,
        AuthenticationCode1: code(deviceSeed, step - 1),
        AuthenticationCode2: code(deviceSeed, step),
      }),
    );
    return { serial: VirtualMFADevice?.SerialNumber ?? '', seed: deviceSeed, step };
  }

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
    const { Policy } = await admin.send(
      new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: policyFixture('000-force-mfa') }),
    );
    await admin.send(new CreateGroupCommand({ GroupName: 'EC2MFA' }));
    for (const arn of [Policy?.Arn, 'arn:aws:iam::aws:policy/AmazonEC2FullAccess'])
      await admin.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: arn }));
    longTerm = await createUser('mfa-user');
    await admin.send(new AddUserToGroupCommand({ GroupName: 'EC2MFA', UserName: 'mfa-user' }));
    user = t.iam(longTerm);
  });
  afterAll(() => t.close());

  it('the user creates their own virtual device: seed and QR code, once', async () => {
    const { VirtualMFADevice } = await user.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-user' }),
    );
    serial = VirtualMFADevice?.SerialNumber ?? '';
    expect(serial).toBe(`arn:aws:iam::${t.accountId}:mfa/mfa-user`);
    base32Seed = Buffer.from(VirtualMFADevice?.Base32StringSeed ?? []).toString('ascii');
    expect(base32Seed).toMatch(/^[A-Z2-7]{32,}$/);
    seed = decodeBase32(base32Seed);
    const png = Buffer.from(VirtualMFADevice?.QRCodePNG ?? []);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it('refuses a name whose serial number no other operation could take (over 256 characters)', async () => {
    const longest = 'n'.repeat(256 - `arn:aws:iam::${t.accountId}:mfa/`.length);
    const { VirtualMFADevice } = await admin.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: longest }),
    );
    expect(VirtualMFADevice?.SerialNumber).toHaveLength(256);
    expect(
      Buffer.from(VirtualMFADevice?.QRCodePNG ?? [])
        .subarray(1, 4)
        .toString('ascii'),
    ).toBe('PNG');
    await admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: VirtualMFADevice?.SerialNumber }));
    for (const [name, path, limit] of [
      [`${longest}n`, undefined, 226],
      ['n'.repeat(131_073), undefined, 226],
      [longest, '/team/', 221],
    ] as const) {
      expect(
        await awsFailure(
          admin.send(
            new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, ...(path && { Path: path }) }),
          ),
        ),
      ).toEqual({
        code: 'ValidationError',
        status: 400,
        message: `1 validation error detected: Value '${name}' at 'virtualMFADeviceName' failed to satisfy constraint: Member must have length less than or equal to ${limit}`,
      });
    }
  });

  it('enables it with two consecutive codes computed from the seed, and lists it', async () => {
    const step = await freshStep();
    // Codes out of order are refused first.
    expect(
      await awsFailure(
        user.send(
          new EnableMFADeviceCommand({
            UserName: 'mfa-user',
            SerialNumber: serial,
            AuthenticationCode1: code(seed, step),
            AuthenticationCode2: code(seed, step - 1),
          }),
        ),
      ),
    ).toEqual({
      code: 'InvalidAuthenticationCode',
      status: 403,
      message: 'Authentication code for device is not valid.',
    });
    await user.send(
      new EnableMFADeviceCommand({
        UserName: 'mfa-user',
        SerialNumber: serial,
        AuthenticationCode1: code(seed, step - 1),
        AuthenticationCode2: code(seed, step),
      }),
    );
    enabledAt = step;
    const { MFADevices } = await user.send(new ListMFADevicesCommand({}));
    expect(MFADevices?.map((d) => [d.UserName, d.SerialNumber])).toEqual([['mfa-user', serial]]);
    expect(MFADevices?.[0]?.EnableDate).toBeInstanceOf(Date);
  });

  it('GetSessionToken with a fresh code gives MFA credentials; the explicit deny no longer applies', async () => {
    const changePassword = (credentials: Credentials, from: string, to: string) =>
      t.iam(credentials).send(new ChangePasswordCommand({ OldPassword: from, NewPassword: to }));
    // With long-term keys, seed 000 denies ChangePassword explicitly (no MFA).
    expect(await awsFailure(changePassword(longTerm, 'Initial-Passw0rd!', 'Second-Passw0rd!'))).toMatchObject(
      {
        code: 'AccessDenied',
        message: `User: ${userArn()} is not authorized to perform: iam:ChangePassword on resource: ${userArn()} with an explicit deny in an identity-based policy`,
      },
    );

    const { Credentials: issued } = await t
      .sts(longTerm)
      .send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code(seed, enabledAt + 1) }));
    const mfa: Credentials = {
      accessKeyId: issued?.AccessKeyId ?? '',
      secretAccessKey: issued?.SecretAccessKey ?? '',
      sessionToken: issued?.SessionToken ?? '',
    };
    expect(mfa.accessKeyId).toMatch(/^ASIA/);
    expect((await t.sts(mfa).send(new GetCallerIdentityCommand({}))).Arn).toBe(userArn());
    await changePassword(mfa, 'Initial-Passw0rd!', 'Second-Passw0rd!');
    // No statement of seed 000 allows ListUsers: still denied, but no longer explicitly.
    expect(await awsFailure(t.iam(mfa).send(new ListUsersCommand({})))).toMatchObject({
      code: 'AccessDenied',
      message: `User: ${userArn()} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${t.accountId}:user/ because no identity-based policy allows the iam:ListUsers action`,
    });

    // The same code again: refused.
    const invalid = {
      code: 'AccessDenied',
      status: 403,
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    };
    expect(
      await awsFailure(
        t
          .sts(longTerm)
          .send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code(seed, enabledAt + 1) })),
      ),
    ).toEqual(invalid);
    // The codes used to enable the device: refused too.
    expect(
      await awsFailure(
        t
          .sts(longTerm)
          .send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code(seed, enabledAt) })),
      ),
    ).toEqual(invalid);
    // A wrong code.
    expect(
      await awsFailure(
        t
          .sts(longTerm)
          .send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code(seed, enabledAt + 40) })),
      ),
    ).toEqual(invalid);
  });

  it('refuses another user’s device', async () => {
    await createUser('other-user');
    // A code that device would accept, for a device that is not the caller's.
    const other = await adminDevice('other-user', 'other-user');
    expect(
      await awsFailure(
        t.sts(longTerm).send(
          new GetSessionTokenCommand({
            SerialNumber: other.serial,
            TokenCode: code(other.seed, other.step + 1),
          }),
        ),
      ),
    ).toEqual({
      code: 'AccessDenied',
      status: 403,
      message:
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    });
  });

  it('refuses a 9th device for the user, and deleting an assigned device', async () => {
    for (let i = 2; i <= 8; i++) await adminDevice(`mfa-user-${i}`, 'mfa-user');
    expect((await admin.send(new ListMFADevicesCommand({ UserName: 'mfa-user' }))).MFADevices).toHaveLength(
      8,
    );
    expect(await awsFailure(adminDevice('mfa-user-9', 'mfa-user'))).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for MFADevicesPerUser: 8',
    });
    expect(await awsFailure(admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))).toEqual(
      {
        code: 'DeleteConflict',
        status: 409,
        message: 'MFA Device is still in use.',
      },
    );
    const summary = (await admin.send(new GetAccountSummaryCommand({}))).SummaryMap;
    expect(summary).toMatchObject({ MFADevices: 10, MFADevicesInUse: 9 });
  });

  it('lists virtual devices with their users, and never shows a seed again; the database holds it sealed', async () => {
    const { VirtualMFADevices } = await admin.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }),
    );
    const mine = VirtualMFADevices?.find((d) => d.SerialNumber === serial);
    expect(mine?.User?.UserName).toBe('mfa-user');
    expect(mine?.Base32StringSeed).toBeUndefined();
    expect(mine?.QRCodePNG).toBeUndefined();
    const unassigned = await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(unassigned.VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${t.accountId}:mfa/mfa-user-9`,
    ]);

    // Every table, on either backend, as the server left it.
    const dump = await t.withDatabase(async (db) => {
      const tables = await db.introspection.getTables();
      const rows = await Promise.all(
        tables.map(async ({ name }) => (await sql`select * from ${sql.table(name)}`.execute(db)).rows),
      );
      return rows.map((r) => JSON.stringify(r)).join('\n');
    });
    expect(dump).toContain(serial);
    expect(dump).not.toContain(base32Seed);
    expect(dump).not.toContain(seed.toString('hex'));
    expect(dump).not.toContain(seed.toString('base64'));
  });
});
