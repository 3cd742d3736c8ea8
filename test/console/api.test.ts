import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  UpdateLoginProfileCommand,
  CreatePolicyCommand,
  CreateAccountAliasCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  GetUserCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, timeStep } from '../../src/auth/totp/index.js';
import { decodeBase32 } from '../support/base32.js';
import { ConsoleClient } from '../support/console-client.js';
import { policyFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { textedCode } from '../support/texts.js';
import type { AuditEvent } from '../../src/audit/event.js';

/**
 * The console's HTTP API against the real server: sign-in in its steps, the session's MFA facts in
 * the request context (seed 000: EC2 denied before MFA, allowed after), cookies, CSRF and the
 * generic sign-in failures.
 */

const PASSWORD = 'Initial-Passw0rd!';
const EC2_FULL_ACCESS = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';

describe('console API', () => {
  let t: TestServer;
  let account: string;

  /** Seed 000's arrangement: group EC2MFA with AmazonEC2FullAccess and Force_MFA. */
  beforeAll(async () => {
    t = await startTestServer();
    account = t.accountId;
    const iam = t.iam();
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: policyFixture('000-force-mfa') }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'EC2MFA' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: EC2_FULL_ACCESS }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: Policy?.Arn }));
  });
  afterAll(() => t.close());

  async function user(name: string, options: { reset?: boolean; policyArn?: string } = {}): Promise<void> {
    const iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (options.policyArn)
      await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: options.policyArn }));
    else await iam.send(new AddUserToGroupCommand({ GroupName: 'EC2MFA', UserName: name }));
    await iam.send(
      new CreateLoginProfileCommand({
        UserName: name,
        Password: PASSWORD,
        PasswordResetRequired: options.reset ?? false,
      }),
    );
  }

  /** Assigns a virtual MFA device through the console, as the seed's user does; answers its seed. */
  async function enrol(client: ConsoleClient, name: string): Promise<{ seed: Buffer; serial: string }> {
    const created = await client.call('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: name });
    expect(created.status).toBe(200);
    const device = (
      created.body.output as { VirtualMFADevice: { SerialNumber: string; Base32StringSeed: string } }
    ).VirtualMFADevice;
    const seed = decodeBase32(Buffer.from(device.Base32StringSeed, 'base64').toString('ascii'));
    const step = timeStep(new Date()) - 1;
    const enabled = await client.call('iam', 'EnableMFADevice', {
      UserName: name,
      SerialNumber: device.SerialNumber,
      AuthenticationCode1: code(seed, step),
      AuthenticationCode2: code(seed, step + 1),
    });
    expect(enabled.body).toEqual({ output: {} });
    return { seed, serial: device.SerialNumber };
  }

  it('the bootstrap administrator signs in with the password printed on first run, then chooses one', async () => {
    const password = t.server.admin?.consolePassword ?? '';
    expect(password).toMatch(/^Aa1!/);
    expect(t.server.banner).toContain(`password ${password}`);
    const browser = new ConsoleClient(t.url);
    expect((await browser.signIn({ account, userName: 'admin', password })).body.stage).toBe('new_password');
    const changed = await browser.post('signin/new-password', {
      oldPassword: password,
      newPassword: 'Admin-Chosen-Passw0rd!',
    });
    expect(changed.body.stage).toBe('active');
    expect((await browser.call('iam', 'ListUsers')).status).toBe(200);
  });

  it('records sign-ins in the audit trail as CloudTrail ConsoleLogin events', async () => {
    await user('audited-signin');
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ account, userName: 'audited-signin', password: 'Wrong-Passw0rd!' });
    await browser.signIn({ account, userName: 'audited-signin', password: PASSWORD });
    const events = (
      await t.withDatabase((db) =>
        db
          .selectFrom('audit_events')
          .select('record')
          .where('event_name', '=', 'ConsoleLogin')
          .orderBy('seq')
          .execute(),
      )
    ).map((row) => JSON.parse(row.record) as AuditEvent);
    const mine = events.slice(-2);
    expect(mine[0]).toMatchObject({
      eventSource: 'signin.amazonaws.com',
      eventType: 'AwsConsoleSignIn',
      userIdentity: { type: 'IAMUser', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { MFAUsed: 'No' },
    });
    expect(mine[1]).toMatchObject({
      userIdentity: {
        type: 'IAMUser',
        userName: 'audited-signin',
        arn: `arn:aws:iam::${account}:user/audited-signin`,
      },
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'No' },
    });
    expect(JSON.stringify(mine)).not.toContain('Wrong-Passw0rd!');
  });

  it('event history: the account’s events to whom cloudtrail:LookupEvents is allowed', async () => {
    const admin = new ConsoleClient(t.url);
    await t.iam().send(
      new UpdateLoginProfileCommand({
        UserName: 'admin',
        Password: PASSWORD,
        PasswordResetRequired: false,
      }),
    );
    expect((await admin.signIn({ account, userName: 'admin', password: PASSWORD })).body.stage).toBe(
      'active',
    );
    const events = await admin.post('events', { eventName: 'ConsoleLogin' });
    expect(events.status).toBe(200);
    const list = events.body.events as AuditEvent[];
    expect(list[0]).toMatchObject({ eventName: 'ConsoleLogin', userIdentity: { userName: 'admin' } });
    expect(list.every((e) => e.eventName === 'ConsoleLogin')).toBe(true);

    // Allowed EC2 only: nothing allows CloudTrail, and nothing denies it.
    await user('no-trail', { policyArn: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess' });
    const other = new ConsoleClient(t.url);
    await other.signIn({ account, userName: 'no-trail', password: PASSWORD });
    const denied = await other.post('events', {});
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: {
        code: 'AccessDenied',
        message: `User: arn:aws:iam::${account}:user/no-trail is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
      },
    });
  });

  it('seed 000: EC2 is denied before MFA, and allowed once signed in with a code', async () => {
    await user('MFAUser');
    const browser = new ConsoleClient(t.url);
    const signedIn = await browser.signIn({ account, userName: 'MFAUser', password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.stage).toBe('active');

    const denied = await browser.call('ec2', 'DescribeInstances');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: {
        code: 'UnauthorizedOperation',
        message: `You are not authorized to perform this operation. User: arn:aws:iam::${account}:user/MFAUser is not authorized to perform: ec2:DescribeInstances with an explicit deny in an identity-based policy`,
      },
    });
    // Managing one's own MFA is what Force_MFA allows without MFA.
    const { seed } = await enrol(browser, 'MFAUser');

    expect((await browser.post('signout', {})).body).toEqual({ signedIn: false });
    expect((await browser.call('ec2', 'DescribeInstances')).status).toBe(401);

    const first = await browser.signIn({ account, userName: 'MFAUser', password: PASSWORD });
    expect(first.body.stage).toBe('mfa');
    const before = browser.cookies.get('iamfa-session');
    expect((await browser.call('ec2', 'DescribeInstances')).body).toMatchObject({
      error: { code: 'SignInIncomplete' },
    });
    const mfa = await browser.post('signin/mfa', { code: code(seed, timeStep(new Date()) + 1) });
    expect(mfa.body.stage).toBe('active');
    // The identifier changes when MFA completes: the one seen before is worthless.
    expect(browser.cookies.get('iamfa-session')).not.toBe(before);
    const stale = new ConsoleClient(t.url);
    stale.cookies.set('iamfa-session', before ?? '');
    expect((await stale.get('session')).body.signedIn).toBe(false);

    const session = await browser.get('session');
    expect(session.body).toMatchObject({
      signedIn: true,
      mfaAuthenticated: true,
      user: { userName: 'MFAUser' },
    });
    const listed = await browser.call('ec2', 'DescribeInstances');
    expect(listed.status).toBe(200);
    expect(listed.body.output).toMatchObject({ Reservations: [] });
    const users = await browser.call('iam', 'ListUsers');
    expect(users.status).toBe(403);
    expect(users.body).toMatchObject({ error: { code: 'AccessDenied' } });
  });

  it('seed 004 by SMS: a phone registered in the console is texted a code at sign-in, taken once', async () => {
    const iam = t.iam();
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'Force_MFA_004',
        PolicyDocument: policyFixture('004-force-mfa'),
      }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'EC2MFA_004' }));
    for (const arn of [EC2_FULL_ACCESS, Policy?.Arn])
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA_004', PolicyArn: arn }));
    await iam.send(new CreateUserCommand({ UserName: 'SMSUser' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'EC2MFA_004', UserName: 'SMSUser' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'SMSUser', Password: PASSWORD }));
    const phone = '+15555550123';

    const browser = new ConsoleClient(t.url);
    expect((await browser.signIn({ account, userName: 'SMSUser', password: PASSWORD })).body.stage).toBe(
      'active',
    );
    expect((await browser.call('ec2', 'DescribeInstances')).status).toBe(403);
    const requested = await browser.call('iam', 'RequestSmsMfaRegistration', { PhoneNumber: phone });
    expect(requested.body).toEqual({ output: { SerialNumber: `arn:aws:iam::${account}:sms-mfa/SMSUser` } });
    const registration = await textedCode(t, phone);
    const finalized = await browser.call('iam', 'FinalizeSmsMfaRegistration', {
      AuthenticationCode: registration,
    });
    expect(finalized.status).toBe(200);
    await browser.post('signout', {});

    // Signing in again: the only device is the phone, so a code is texted at once.
    const first = await browser.signIn({ account, userName: 'SMSUser', password: PASSWORD });
    expect(first.body).toMatchObject({ stage: 'mfa', smsSentTo: '•••• 0123' });
    expect((await browser.get('session')).body).toMatchObject({
      stage: 'mfa',
      smsDevice: { phone: '•••• 0123', codeSent: true },
    });
    const texted = await textedCode(t, phone);
    expect(texted).not.toBe(registration);
    const resend = await browser.post('signin/mfa/sms', {});
    expect(resend.status).toBe(429);
    expect(resend.body).toMatchObject({ error: { code: 'LimitExceeded' } });
    expect((await browser.post('signin/mfa', { code: registration })).status).toBe(401);
    const mfa = await browser.post('signin/mfa', { code: texted });
    expect(mfa.body.stage).toBe('active');
    expect((await browser.get('session')).body).toMatchObject({ mfaAuthenticated: true, smsDevice: null });
    expect((await browser.call('ec2', 'DescribeInstances')).status).toBe(200);

    // The code was taken: the next sign-in is texted a new one, and the old one is refused.
    await browser.post('signout', {});
    const again = await browser.signIn({ account, userName: 'SMSUser', password: PASSWORD });
    expect(again.body).toMatchObject({ stage: 'mfa', smsSentTo: '•••• 0123' });
    expect((await browser.post('signin/mfa', { code: texted })).status).toBe(401);
    expect((await browser.post('signin/mfa', { code: await textedCode(t, phone) })).body.stage).toBe(
      'active',
    );
  });

  it('takes the MFA code up front ("I have an MFA token")', async () => {
    await user('upfront');
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ account, userName: 'upfront', password: PASSWORD });
    const { seed } = await enrol(browser, 'upfront');
    await browser.post('signout', {});
    const wrong = await browser.signIn({
      account,
      userName: 'upfront',
      password: PASSWORD,
      mfaCode: '000000',
    });
    expect(wrong.status).toBe(401);
    const right = await browser.signIn({
      account,
      userName: 'upfront',
      password: PASSWORD,
      mfaCode: code(seed, timeStep(new Date()) + 1),
    });
    expect(right.body.stage).toBe('active');
    expect((await browser.call('ec2', 'DescribeInstances')).status).toBe(200);
    // Signing in again ends the session the browser had.
    const before = browser.cookies.get('iamfa-session') ?? '';
    await browser.signIn({ account, userName: 'upfront', password: PASSWORD });
    const stale = new ConsoleClient(t.url);
    stale.cookies.set('iamfa-session', before);
    expect((await stale.get('session')).body.signedIn).toBe(false);
  });

  it('signs in by account alias as by account id', async () => {
    await user('aliased');
    await t.iam().send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
    try {
      const browser = new ConsoleClient(t.url);
      const signedIn = await browser.signIn({
        account: 'example-corp',
        userName: 'aliased',
        password: PASSWORD,
      });
      expect(signedIn.body.stage).toBe('active');
      expect((await browser.get('session')).body).toMatchObject({
        user: { accountId: account, accountAlias: 'example-corp' },
      });
    } finally {
      await t.iam().send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp' }));
    }
  });

  it('says the same for an unknown account, an unknown user and a wrong password', async () => {
    await user('known');
    const tries = [
      { account: '999999999999', userName: 'known', password: PASSWORD },
      { account, userName: 'nobody', password: PASSWORD },
      { account, userName: 'known', password: 'wrong' },
    ];
    for (const form of tries) {
      const answer = await new ConsoleClient(t.url).signIn(form);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error: {
          code: 'SignInFailed',
          message: 'Your authentication information is incorrect. Please try again.',
        },
      });
    }
  });

  it('slows down repeated failures for a user name, existing or not', async () => {
    for (const userName of ['locked', 'ghost']) {
      if (userName === 'locked') await user(userName);
      const browser = new ConsoleClient(t.url);
      for (let i = 0; i < 3; i++)
        expect((await browser.signIn({ account, userName, password: 'wrong' })).status).toBe(401);
      // Even the right password waits: the delay is per attempt, whatever it holds.
      const held = await browser.signIn({ account, userName, password: PASSWORD });
      expect(held.status).toBe(429);
      expect(held.headers.get('retry-after')).toBe('1');
      expect((held.body.error as { message: string }).message).toMatch(/^Too many failed sign-in attempts/);
    }
  });

  it('requires a new password at first sign-in when the login profile says so (seed 001)', async () => {
    // Seed 001's policy, attached to the user directly, leaves iam:ChangePassword open without MFA.
    const { Policy } = await t.iam().send(
      new CreatePolicyCommand({
        PolicyName: 'EnforceMFA',
        PolicyDocument: policyFixture('001-enforce-mfa-console'),
      }),
    );
    await user('testuser', { reset: true, policyArn: Policy?.Arn ?? '' });
    const browser = new ConsoleClient(t.url);
    const signedIn = await browser.signIn({ account, userName: 'testuser', password: PASSWORD });
    expect(signedIn.body.stage).toBe('new_password');
    expect((await browser.call('iam', 'GetUser')).body).toMatchObject({
      error: { code: 'SignInIncomplete' },
    });
    const weak = await browser.post('signin/new-password', { oldPassword: PASSWORD, newPassword: 'short' });
    expect(weak.body).toMatchObject({ error: { code: 'PasswordPolicyViolation' } });
    const changed = await browser.post('signin/new-password', {
      oldPassword: PASSWORD,
      newPassword: 'Brand-New-Passw0rd!',
    });
    expect(changed.body.stage).toBe('active');
    expect((await browser.call('iam', 'GetUser')).body).toMatchObject({
      output: { User: { UserName: 'testuser' } },
    });
    await browser.post('signout', {});
    expect(
      (await browser.signIn({ account, userName: 'testuser', password: 'Brand-New-Passw0rd!' })).body.stage,
    ).toBe('active');
  });

  it('sets the new password through the enforced ChangePassword: seed 000’s Force_MFA denies it before MFA', async () => {
    await user('resetunder000', { reset: true });
    const browser = new ConsoleClient(t.url);
    expect(
      (await browser.signIn({ account, userName: 'resetunder000', password: PASSWORD })).body.stage,
    ).toBe('new_password');
    const denied = await browser.post('signin/new-password', {
      oldPassword: PASSWORD,
      newPassword: 'Brand-New-Passw0rd!',
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: {
        code: 'AccessDenied',
        message: `User: arn:aws:iam::${account}:user/resetunder000 is not authorized to perform: iam:ChangePassword on resource: arn:aws:iam::${account}:user/resetunder000 with an explicit deny in an identity-based policy`,
      },
    });
  });

  it('sets HttpOnly SameSite=Strict cookies and refuses state changes without the CSRF token', async () => {
    await user('cookies');
    const browser = new ConsoleClient(t.url);
    await browser.get('session');
    expect(
      (await browser.post('signin', { account, userName: 'cookies', password: PASSWORD }, { csrf: false }))
        .status,
    ).toBe(403);
    const signedIn = await browser.post('signin', { account, userName: 'cookies', password: PASSWORD });
    const setCookies = signedIn.headers.getSetCookie();
    expect(setCookies.find((c) => c.startsWith('iamfa-session='))).toMatch(
      /; Path=\/console; SameSite=Strict; HttpOnly$/,
    );
    expect(setCookies.find((c) => c.startsWith('iamfa-csrf='))).toMatch(/; Path=\/console; SameSite=Strict$/);
    const forged = await browser.call('iam', 'GetUser');
    expect(forged.status).toBe(200);
    expect(
      (await browser.post('call', { Action: 'GetUser', Version: '2010-05-08' }, { csrf: false })).body,
    ).toMatchObject({
      error: { code: 'InvalidCsrfToken' },
    });
    // The pre-session token is not the session's: a token planted before sign-in is useless after.
    expect(signedIn.body.csrfToken).toBe(browser.cookies.get('iamfa-csrf'));
    expect(signedIn.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('lints a policy for the editor: seed 002’s defects at their line and column', async () => {
    await user('linter');
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ account, userName: 'linter', password: PASSWORD });
    const linted = await browser.post('validate-policy', { PolicyDocument: policyFixture('002-force-mfa') });
    const findings = linted.body.findings as {
      severity: string;
      code: string;
      line: number;
      column: number;
      message: string;
    }[];
    expect(findings.length).toBeGreaterThan(0);
    const space = findings.find((f) => f.message.includes('iam: EnableMFADevice'));
    expect(space).toBeDefined();
    expect(space?.line).toBeGreaterThan(0);
    expect(space?.column).toBeGreaterThan(0);
  });

  it('requires a new password when the password policy’s maximum age has passed', async () => {
    const { Policy } = await t.iam().send(
      new CreatePolicyCommand({
        PolicyName: 'SelfService',
        PolicyDocument: policyFixture('001-enforce-mfa-console'),
      }),
    );
    await user('aged', { policyArn: Policy?.Arn ?? '' });
    await t
      .iam()
      .send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90, MinimumPasswordLength: 8 }));
    try {
      const longAgo = new Date(Date.now() - 91 * 24 * 3600 * 1000).toISOString();
      await t.withDatabase(async (db) => {
        const row = await db
          .selectFrom('users')
          .select('id')
          .where('name', '=', 'aged')
          .executeTakeFirstOrThrow();
        await db
          .updateTable('login_profiles')
          .set({ password_set_at: longAgo })
          .where('user_id', '=', row.id)
          .execute();
      });
      const browser = new ConsoleClient(t.url);
      const signedIn = await browser.signIn({ account, userName: 'aged', password: PASSWORD });
      expect(signedIn.body.stage).toBe('new_password');
      const changed = await browser.post('signin/new-password', {
        oldPassword: PASSWORD,
        newPassword: 'Fresh-Passw0rd!',
      });
      expect(changed.body.stage).toBe('active');
      // With HardExpiry, only an administrator can set a new one: sign-in is refused, in so many words.
      await t.iam().send(
        new UpdateAccountPasswordPolicyCommand({
          MaxPasswordAge: 90,
          MinimumPasswordLength: 8,
          HardExpiry: true,
        }),
      );
      await t.withDatabase(async (db) => {
        const row = await db
          .selectFrom('users')
          .select('id')
          .where('name', '=', 'aged')
          .executeTakeFirstOrThrow();
        await db
          .updateTable('login_profiles')
          .set({ password_set_at: longAgo })
          .where('user_id', '=', row.id)
          .execute();
      });
      const refused = await new ConsoleClient(t.url).signIn({
        account,
        userName: 'aged',
        password: 'Fresh-Passw0rd!',
      });
      expect(refused.status).toBe(403);
      expect((refused.body.error as { message: string }).message).toMatch(/^Your password has expired/);
      // IAM's PasswordLastUsed records console sign-ins.
      const { User } = await t.iam().send(new GetUserCommand({ UserName: 'aged' }));
      expect(User?.PasswordLastUsed).toBeInstanceOf(Date);
    } finally {
      await t.iam().send(new DeleteAccountPasswordPolicyCommand({}));
    }
  });

  it('serves pages with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${t.url}/console/ec2`);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
