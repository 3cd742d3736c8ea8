import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { base32, code } from '../../src/auth/totp/index.js';
import { awsFailure } from '../support/aws-errors.js';
import { iamfa } from '../support/iamfa-cli.js';
import { enabledDevice } from '../support/mfa-device.js';
import { reapServers, spawnServer } from '../support/process.js';
import { randomAdminKey } from '../support/server.js';

/**
 * No secret reaches a log line or the audit trail: the server process's whole output, its data
 * directory's exported events, searched for every secret a busy session handled — passwords (also
 * wrong ones), secret access keys, session tokens, MFA seeds and codes, service passwords.
 */

describe('secrets stay out of logs and the audit trail', () => {
  let dataDir: string;
  afterAll(async () => {
    await reapServers();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('holds for a server process that handled every kind of secret', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-secrets-'));
    const admin = randomAdminKey();
    const server = await spawnServer({ dataDir, admin });
    const iam = server.iam();
    const secrets: string[] = [];
    const remember = (secret: string | undefined) => {
      if (secret) secrets.push(secret);
      return secret ?? '';
    };

    await iam.send(new CreateUserCommand({ UserName: 'holder' }));
    const password = remember('Logged-Never-Passw0rd!');
    await iam.send(new CreateLoginProfileCommand({ UserName: 'holder', Password: password }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'holder',
        PolicyName: 'own',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*' },
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'holder' }));
    const credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: remember(AccessKey?.SecretAccessKey),
    };
    const { ServiceSpecificCredential } = await iam.send(
      new CreateServiceSpecificCredentialCommand({
        UserName: 'holder',
        ServiceName: 'codecommit.amazonaws.com',
      }),
    );
    remember(ServiceSpecificCredential?.ServicePassword);
    const device = await enabledDevice(iam, 'holder', 'holder');
    remember(base32(device.seed));
    // As it went over the wire: Base32StringSeed is a blob, base64 of the Base32 text.
    remember(Buffer.from(base32(device.seed)).toString('base64'));
    remember(device.seed.toString('hex'));
    remember(code(device.seed, device.step - 1));
    remember(code(device.seed, device.step));
    const client = { endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials };
    const tokenCode = remember(code(device.seed, device.step + 1));
    const { Credentials } = await new STSClient(client).send(
      new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: tokenCode }),
    );
    remember(Credentials?.SecretAccessKey);
    remember(Credentials?.SessionToken);
    // Failures carry secrets too: a wrong old password, a wrong secret key.
    const wrongPassword = remember('Wrong-0ld-Passw0rd!');
    await awsFailure(
      new IAMClient(client).send(
        new ChangePasswordCommand({ OldPassword: wrongPassword, NewPassword: 'Next-Passw0rd!!' }),
      ),
    );

    // Every secret above was really handed out (none is an empty string that proves nothing).
    expect(secrets.filter((secret) => secret.length >= 6)).toHaveLength(12);
    await server.stop();
    const events = await iamfa('events', '--data-dir', dataDir, '--json');
    expect(events.code).toBe(0);
    const everything = [server.stdout(), server.stderr(), events.stdout, events.stderr].join('\n');
    // The trail holds the calls that carried the secrets.
    for (const name of ['CreateLoginProfile', 'EnableMFADevice', 'GetSessionToken', 'ChangePassword'])
      expect(events.stdout).toContain(`"eventName":"${name}"`);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // The administrator's own secret is printed once on first run, by design, and kept in its file.
    expect(server.stdout()).toContain(admin.secretAccessKey);
    expect(await readFile(join(dataDir, 'admin-credentials'), 'utf8')).toContain(admin.secretAccessKey);
  });
});
