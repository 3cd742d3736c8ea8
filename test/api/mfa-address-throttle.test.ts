import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code } from '../../src/auth/totp/index.js';
import { ADDRESS_THROTTLE } from '../../src/iam/signin-throttle.js';
import { awsFailure } from '../support/aws-errors.js';
import { enabledDevice } from '../support/mfa-device.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * MFA code failures are limited per source address as well as per user: an address guessing codes
 * for many users, each below the per-user limit, is slowed down all the same.
 */

const INVALID = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

describe('MFA failures per source address', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function userWithDevice(name: string) {
    const iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: name }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const credentials: Credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    return { credentials, ...(await enabledDevice(iam, name, name)) };
  }

  it(`slows every user down once ${ADDRESS_THROTTLE.free} codes from one address were wrong`, async () => {
    const perUser = 4; // below the per-user delay (5)
    const victims = await Promise.all(
      Array.from({ length: ADDRESS_THROTTLE.free / perUser }, (_, i) => userWithDevice(`guessed-${i}`)),
    );
    const honest = await userWithDevice('honest');
    for (const victim of victims)
      for (let i = 0; i < perUser; i++)
        expect(
          (
            await awsFailure(
              t
                .sts(victim.credentials)
                .send(new GetSessionTokenCommand({ SerialNumber: victim.serial, TokenCode: '000000' })),
            )
          ).message,
        ).toBe(INVALID);

    const right = () =>
      t.sts(honest.credentials).send(
        new GetSessionTokenCommand({
          SerialNumber: honest.serial,
          TokenCode: code(honest.seed, honest.step + 1),
        }),
      );
    // The honest user's right code, from the same address, must wait…
    expect((await awsFailure(right())).message).toBe(INVALID);
    // …a second after the 20th failure; the code was not used up by the refusal.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await right()).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });
});
