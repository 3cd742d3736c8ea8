import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code } from '../../src/auth/totp/index.js';
import { aws, AWS_CLI_VERSION, awsError, cliError, type CliCredentials } from '../support/aws-cli.js';
import { policyFixture } from '../support/fixtures.js';
import { enabledDevice } from '../support/mfa-device.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The seeds' Step 3 typed into the AWS CLI, for each seed: the user, under the seed's policy and
 * AmazonEC2FullAccess, opens EC2 with long-term keys and is not authorized; gets MFA session
 * credentials with `aws sts get-session-token`; and then launches, lists, tags, stops and terminates
 * instances, while IAM actions on another user stay denied.
 */

const ACCOUNT = '123456789012';
const AMI = 'ami-0abcdef1234567890';
const EC2_FULL_ACCESS = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';
const CLI = AWS_CLI_VERSION.split(' ')[0];

/** Seed 002 with its space removed and its account id filled in, as it must be typed to be valid. */
const seed002Fixed = () =>
  policyFixture('002-force-mfa')
    .replace('"iam: EnableMFADevice"', '"iam:EnableMFADevice"')
    .replaceAll('ACCOUNT-ID-WITHOUT-HYPHENS', ACCOUNT);

const SEEDS = [
  { id: '000', policy: () => policyFixture('000-force-mfa'), group: true },
  { id: '001', policy: () => policyFixture('001-enforce-mfa-console'), group: false },
  { id: '002', policy: seed002Fixed, group: true },
  { id: '003', policy: () => policyFixture('003-require-mfa'), group: true },
  { id: '004', policy: () => policyFixture('004-force-mfa'), group: true },
] as const;

interface Reservation {
  Instances: { InstanceId: string; State: { Name: string }; Tags?: { Key: string; Value: string }[] }[];
}
interface StateChanges {
  StoppingInstances?: { CurrentState: { Name: string } }[];
  TerminatingInstances?: { CurrentState: { Name: string } }[];
}

describe(`the seeds' Step 3 with ${CLI}`, () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  describe.each(SEEDS)('seed $id', (seed) => {
    const me = `cli-ec2-${seed.id}`;
    let longTerm: CliCredentials;
    let device: { serial: string; seed: Buffer; step: number };
    const denied = (operation: string, action: string, resource?: string) =>
      cliError(
        'UnauthorizedOperation',
        operation,
        `You are not authorized to perform this operation. User: arn:aws:iam::${ACCOUNT}:user/${me} is not authorized to perform: ${action}${resource === undefined ? '' : ` on resource: ${resource}`} with an explicit deny in an identity-based policy`,
      );

    beforeAll(async () => {
      const admin = t.iam();
      const { Policy } = await admin.send(
        new CreatePolicyCommand({ PolicyName: `Force_MFA_${seed.id}`, PolicyDocument: seed.policy() }),
      );
      await admin.send(new CreateUserCommand({ UserName: me }));
      for (const arn of [Policy?.Arn ?? '', EC2_FULL_ACCESS])
        if (seed.group) {
          await admin.send(new CreateGroupCommand({ GroupName: `${me}-group` })).catch(() => undefined);
          await admin.send(new AttachGroupPolicyCommand({ GroupName: `${me}-group`, PolicyArn: arn }));
        } else await admin.send(new AttachUserPolicyCommand({ UserName: me, PolicyArn: arn }));
      if (seed.group) await admin.send(new AddUserToGroupCommand({ GroupName: `${me}-group`, UserName: me }));
      const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: me }));
      longTerm = {
        accessKeyId: AccessKey?.AccessKeyId ?? '',
        secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      };
      device = await enabledDevice(admin, me, me);
    });

    it('long-term keys: every EC2 call is UnauthorizedOperation', async () => {
      expect(await awsError(t.url, longTerm, 'ec2', 'describe-instances')).toBe(
        denied('DescribeInstances', 'ec2:DescribeInstances'),
      );
      expect(await awsError(t.url, longTerm, 'ec2', 'run-instances', '--image-id', AMI, '--count', '1')).toBe(
        denied('RunInstances', 'ec2:RunInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`),
      );
      // A dry run is refused the same way, rather than answered DryRunOperation.
      expect(
        await awsError(
          t.url,
          longTerm,
          'ec2',
          'run-instances',
          '--image-id',
          AMI,
          '--count',
          '1',
          '--dry-run',
        ),
      ).toBe(denied('RunInstances', 'ec2:RunInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`));
    });

    it('MFA session credentials: launch, list, tag, stop and terminate; IAM on another user stays denied', async () => {
      const output = (await aws(
        t.url,
        longTerm,
        'sts',
        'get-session-token',
        '--serial-number',
        device.serial,
        '--token-code',
        code(device.seed, device.step + 1),
      )) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
      const mfa: CliCredentials = {
        accessKeyId: output.Credentials.AccessKeyId,
        secretAccessKey: output.Credentials.SecretAccessKey,
        sessionToken: output.Credentials.SessionToken,
      };

      const dryRun = await awsError(
        t.url,
        mfa,
        'ec2',
        'run-instances',
        '--image-id',
        AMI,
        '--count',
        '1',
        '--dry-run',
      );
      expect(dryRun).toBe(
        cliError('DryRunOperation', 'RunInstances', 'Request would have succeeded, but DryRun flag is set.'),
      );
      const launched = (await aws(
        t.url,
        mfa,
        'ec2',
        'run-instances',
        '--image-id',
        AMI,
        '--count',
        '1',
        '--instance-type',
        't3.micro',
        '--tag-specifications',
        `ResourceType=instance,Tags=[{Key=Owner,Value=${me}}]`,
      )) as Reservation;
      const id = launched.Instances[0]?.InstanceId ?? '';
      expect(launched.Instances[0]?.Tags).toEqual([{ Key: 'Owner', Value: me }]);

      await aws(t.url, mfa, 'ec2', 'create-tags', '--resources', id, '--tags', 'Key=Stage,Value=test');
      const listed = (await aws(
        t.url,
        mfa,
        'ec2',
        'describe-instances',
        '--filters',
        `Name=tag:Owner,Values=${me}`,
      )) as { Reservations: Reservation[] };
      expect(listed.Reservations.flatMap((r) => r.Instances).map((i) => i.InstanceId)).toEqual([id]);

      const stopped = (await aws(t.url, mfa, 'ec2', 'stop-instances', '--instance-ids', id)) as StateChanges;
      expect(stopped.StoppingInstances?.[0]?.CurrentState.Name).toBe('stopping');
      const terminated = (await aws(
        t.url,
        mfa,
        'ec2',
        'terminate-instances',
        '--instance-ids',
        id,
      )) as StateChanges;
      expect(terminated.TerminatingInstances?.[0]?.CurrentState.Name).toBe('shutting-down');

      const other = await awsError(t.url, mfa, 'iam', 'create-access-key', '--user-name', 'someone-else');
      expect(other).toMatch(
        /^An error occurred \(AccessDenied\) when calling the CreateAccessKey operation: User: /,
      );
    });
  });
});
