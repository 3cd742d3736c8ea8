import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeactivateMFADeviceCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN } from '../../src/audit/event.js';
import { policyFixture } from '../support/fixtures.js';
import { iamQuery } from '../support/query.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';
import { outboxTexts, textedCode } from '../support/texts.js';

/**
 * SMS MFA as seed 004 uses it, over the wire: under the seed's policy a user registers their own
 * phone (iam:RequestSmsMfaRegistration texts a code through the development outbox, which only
 * the operator reads) and proves it (iam:FinalizeSmsMfaRegistration), once; the device is then an
 * MFA device like any other. The AWS SDKs have no commands for these retired operations, so they
 * are sent as signed query requests, as the SDKs send every IAM call.
 */

const PHONE = '+15555550123';

describe('SMS MFA devices', () => {
  let t: TestServer;
  let user: Credentials;
  let serial: string;

  beforeAll(async () => {
    t = await startTestServer();
    const admin = t.iam();
    const { Policy } = await admin.send(
      new CreatePolicyCommand({
        PolicyName: 'Force_MFA_004',
        PolicyDocument: policyFixture('004-force-mfa'),
      }),
    );
    await admin.send(new CreateGroupCommand({ GroupName: 'EC2MFA' }));
    await admin.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: Policy?.Arn }));
    for (const name of ['MFAUser', 'other']) {
      await admin.send(new CreateUserCommand({ UserName: name }));
      await admin.send(new AddUserToGroupCommand({ GroupName: 'EC2MFA', UserName: name }));
    }
    await admin.send(new CreateLoginProfileCommand({ UserName: 'MFAUser', Password: 'Initial-Passw0rd!' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'MFAUser' }));
    user = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
    serial = `arn:aws:iam::${t.accountId}:sms-mfa/MFAUser`;
  });
  afterAll(() => t.close());

  it('texts a registration code to the phone, never to the caller, and refuses another for 30 s', async () => {
    const requested = await iamQuery(t.url, user, 'RequestSmsMfaRegistration', { PhoneNumber: PHONE });
    expect(requested.status).toBe(200);
    expect(requested.field('SerialNumber')).toBe(serial);
    const texts = await outboxTexts(t);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.to).toBe(PHONE);
    expect(texts[0]?.body).toMatch(/^Your iamfa verification code is \d{6}\. It expires in 5 minutes\.$/);
    expect(requested.body).not.toContain(await textedCode(t, PHONE));

    const again = await iamQuery(t.url, user, 'RequestSmsMfaRegistration', { PhoneNumber: PHONE });
    expect([again.status, again.field('Code')]).toEqual([409, 'LimitExceeded']);
    expect(again.field('Message')).toMatch(
      /^A code was sent moments ago\. Wait \d+ seconds before requesting another\.$/,
    );
    expect(await outboxTexts(t)).toHaveLength(1);
  });

  it('refuses a wrong code, takes the right one once, and the phone is then an MFA device', async () => {
    const code = await textedCode(t, PHONE);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await iamQuery(t.url, user, 'FinalizeSmsMfaRegistration', { AuthenticationCode: wrong });
    expect([refused.status, refused.field('Code'), refused.field('Message')]).toEqual([
      403,
      'InvalidAuthenticationCode',
      'Authentication code for device is not valid.',
    ]);
    const finalized = await iamQuery(t.url, user, 'FinalizeSmsMfaRegistration', { AuthenticationCode: code });
    expect([finalized.status, finalized.field('SerialNumber')]).toEqual([200, serial]);
    const replayed = await iamQuery(t.url, user, 'FinalizeSmsMfaRegistration', { AuthenticationCode: code });
    expect([replayed.status, replayed.field('Code')]).toEqual([403, 'InvalidAuthenticationCode']);

    const { MFADevices } = await t.iam(user).send(new ListMFADevicesCommand({}));
    expect(MFADevices?.map((device) => device.SerialNumber)).toEqual([serial]);
    const { VirtualMFADevices } = await t.iam().send(new ListVirtualMFADevicesCommand({}));
    expect(VirtualMFADevices?.map((device) => device.SerialNumber)).not.toContain(serial);
    const registeredAgain = await iamQuery(t.url, user, 'RequestSmsMfaRegistration', { PhoneNumber: PHONE });
    expect([registeredAgain.status, registeredAgain.field('Code'), registeredAgain.field('Message')]).toEqual(
      [409, 'EntityAlreadyExists', 'MFA Device is already in use.'],
    );

    // The audit trail has the calls (a refused one is written moments after its answer), never the
    // code, and not the phone number either (personal data).
    const audited = () =>
      t.withDatabase((db) =>
        db.selectFrom('audit_events').select(['event_name', 'record']).orderBy('seq').execute(),
      );
    const finalizeCalls = async () =>
      (await audited()).filter((row) => row.event_name === 'FinalizeSmsMfaRegistration');
    await expect.poll(async () => (await finalizeCalls()).length).toBe(3);
    const records = await audited();
    expect((await finalizeCalls()).map((row) => JSON.parse(row.record).requestParameters)).toEqual([
      { authenticationCode: HIDDEN },
      { authenticationCode: HIDDEN },
      { authenticationCode: HIDDEN },
    ]);
    expect(records.filter((row) => row.record.includes(code) || row.record.includes(PHONE))).toEqual([]);
    const request = records.find((row) => row.event_name === 'RequestSmsMfaRegistration');
    expect(JSON.parse(request?.record ?? '{}').requestParameters).toEqual({ phoneNumber: HIDDEN });
  });

  it('lets a user register only their own phone under seed 004, and checks the number', async () => {
    const other = await iamQuery(t.url, user, 'RequestSmsMfaRegistration', {
      UserName: 'other',
      PhoneNumber: PHONE,
    });
    expect([other.status, other.field('Code'), other.field('Message')]).toEqual([
      403,
      'AccessDenied',
      `User: arn:aws:iam::${t.accountId}:user/MFAUser is not authorized to perform: iam:RequestSmsMfaRegistration on resource: arn:aws:iam::${t.accountId}:user/other because no identity-based policy allows the iam:RequestSmsMfaRegistration action`,
    ]);
    const malformed = await iamQuery(t.url, t.admin, 'RequestSmsMfaRegistration', {
      UserName: 'other',
      PhoneNumber: '555-0123',
    });
    expect([malformed.status, malformed.field('Code'), malformed.field('Message')]).toEqual([
      400,
      'ValidationError',
      "1 validation error detected: Value at 'phoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: \\+[1-9][0-9]{6,14}",
    ]);
  });

  it('removes an SMS device when it is deactivated; the user may then register again', async () => {
    await t.iam(user).send(new DeactivateMFADeviceCommand({ UserName: 'MFAUser', SerialNumber: serial }));
    const { MFADevices } = await t.iam(user).send(new ListMFADevicesCommand({}));
    expect(MFADevices).toEqual([]);
    const requested = await iamQuery(t.url, user, 'RequestSmsMfaRegistration', { PhoneNumber: PHONE });
    expect(requested.status).toBe(200);
  });
});
