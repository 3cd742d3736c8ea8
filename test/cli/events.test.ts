import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event.js';
import { base32, code } from '../../src/auth/totp/index.js';
import { awsFailure } from '../support/aws-errors.js';
import { iamfa } from '../support/iamfa-cli.js';
import { enabledDevice } from '../support/mfa-device.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The audit trail: every call recorded as a CloudTrail record with who, what, from where and how
 * it ended, no secret in any of them; `iamfa events` filters and exports them; `iamfa events verify`
 * finds an edited or deleted record.
 */

const PASSWORD = 'Audit-Passw0rd!secret';

describe('the audit trail', () => {
  let t: TestServer;
  let secrets: string[];
  let events: AuditEvent[];

  const eventsWith = (...args: string[]) => iamfa('events', '--data-dir', t.dataDir, ...args);
  const db = () => new Database(join(t.dataDir, 'iamfa.db'));

  let dataDir: string;

  beforeAll(async () => {
    // Its own directory, kept after the server stops: the trail is read from it.
    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-events-'));
    t = await startTestServer({ dataDir });
    const admin = t.iam();
    await admin.send(new CreateUserCommand({ UserName: 'audited' }));
    await admin.send(new CreateLoginProfileCommand({ UserName: 'audited', Password: PASSWORD }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'audited' }));
    const device = await enabledDevice(admin, 'audited', 'audited');
    const credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    const tokenCode = code(device.seed, device.step + 1);
    const { Credentials } = await t
      .sts(credentials)
      .send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: tokenCode }));
    // Denied: the user has no policy.
    await awsFailure(t.iam(credentials).send(new GetUserCommand({ UserName: 'admin' })));
    // Unauthenticated: a key nobody has.
    const stranger = new IAMClient({
      endpoint: t.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) },
    });
    await awsFailure(stranger.send(new GetUserCommand({})));
    secrets = [
      PASSWORD,
      credentials.secretAccessKey,
      Credentials?.SecretAccessKey ?? '',
      Credentials?.SessionToken ?? '',
      tokenCode,
      code(device.seed, device.step - 1),
      code(device.seed, device.step),
      device.seed.toString('hex'),
      base32(device.seed),
      Buffer.from(base32(device.seed)).toString('base64'),
    ];
    await t.close();
    const run = await eventsWith('--json');
    expect(run.code).toBe(0);
    events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('records every call as CloudTrail does', () => {
    const names = events.map((e) => e.eventName);
    expect(names).toEqual(
      expect.arrayContaining([
        'CreateUser',
        'CreateLoginProfile',
        'CreateAccessKey',
        'CreateVirtualMFADevice',
        'EnableMFADevice',
        'GetSessionToken',
        'GetUser',
      ]),
    );
    const created = events.find((e) => e.eventName === 'CreateUser');
    expect(created).toMatchObject({
      eventVersion: '1.08',
      eventSource: 'iam.amazonaws.com',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { userName: 'audited' },
      responseElements: null,
      eventType: 'AwsApiCall',
      readOnly: false,
      recipientAccountId: t.accountId,
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${t.accountId}:user/admin`,
        accountId: t.accountId,
        accessKeyId: t.admin.accessKeyId,
        userName: 'admin',
      },
      additionalEventData: {
        authorizationChecks: [
          { action: 'iam:CreateUser', resource: `arn:aws:iam::${t.accountId}:user/audited` },
        ],
      },
    });
    expect(created?.userAgent).toMatch(/aws-sdk-js/);
    expect(created?.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('records denials and failed authentications with their error', () => {
    const denied = events.find((e) => e.eventName === 'GetUser' && e.errorCode === 'AccessDenied');
    expect(denied?.userIdentity.userName).toBe('audited');
    expect(denied?.errorMessage).toContain('is not authorized to perform: iam:GetUser');
    const unknown = events.find((e) => e.errorCode === 'InvalidClientTokenId');
    expect(unknown?.userIdentity).toEqual({ type: 'Unknown', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  });

  it('keeps every secret out: passwords, secret keys, session tokens, MFA codes and seeds', async () => {
    const everything = (await eventsWith('--json')).stdout;
    for (const secret of secrets) expect(everything).not.toContain(secret);
    const login = events.find((e) => e.eventName === 'CreateLoginProfile');
    expect(login?.requestParameters).toEqual({
      userName: 'audited',
      password: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
    const enable = events.find((e) => e.eventName === 'EnableMFADevice');
    expect(enable?.requestParameters).toMatchObject({
      authenticationCode1: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      authenticationCode2: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
  });

  it('filters, and prints a readable table', async () => {
    const run = await eventsWith('--errors');
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBe(events.filter((e) => e.errorCode !== undefined).length);
    expect(lines.every((line) => !line.endsWith(' ok'))).toBe(true);
    const mine = await eventsWith('--principal', `arn:aws:iam::${t.accountId}:user/audited`, '--json');
    const names = mine.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as AuditEvent).eventName);
    expect(names).toEqual(['GetSessionToken', 'GetUser']);
    const session = JSON.parse(mine.stdout.trim().split('\n')[0] ?? '') as AuditEvent;
    expect(session.requestParameters).toMatchObject({ tokenCode: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
    expect((await eventsWith('--since', 'yesterday')).code).not.toBe(0);
  });

  it('verify finds an edited record, a deleted one, and deleted last ones', async () => {
    expect(await eventsWith('verify')).toMatchObject({
      code: 0,
      stdout: `${events.length} events, chain intact\n`,
    });

    const database = db();
    try {
      const original = database.prepare('select record from audit_events where seq = 3').get() as {
        record: string;
      };
      database
        .prepare('update audit_events set record = ? where seq = 3')
        .run(original.record.replace('us-east-1', 'eu-west-1'));
      let run = await eventsWith('verify');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('event #3 was edited');
      database.prepare('update audit_events set record = ? where seq = 3').run(original.record);

      database.prepare('delete from audit_events where seq = 5').run();
      run = await eventsWith('verify');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('event #5 was missing');

      database.prepare(`delete from audit_events where seq >= 5`).run();
      run = await eventsWith('verify');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('events from #5 on were deleted');
    } finally {
      database.close();
    }
  });
});
