import { awsFailure, type AwsFailure } from '../support/aws-errors.js';
import { policyFixture } from '../support/fixtures.js';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  DeleteAccessKeyCommand,
  GetMFADeviceCommand,
  GetUserCommand,
  ListMFADevicesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, timeStep } from '../../src/auth/totp/index.js';
import { decodeBase32 } from '../support/base32.js';
import { ec2Client } from '../support/ec2.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * Every seed's Force-MFA arrangement end to end through the AWS SDK: a user with a password and an
 * access key, under the seed's policy and AmazonEC2FullAccess, works with long-term keys, enrols a
 * virtual MFA device with codes computed from the returned seed as a phone would, gets MFA session
 * credentials with GetSessionToken, and works with those.
 *
 * The expected decisions follow from the policy texts and AWS's evaluation logic: an explicit deny
 * wins; otherwise an Allow is needed; long-term access keys carry no aws:MultiFactorAuthPresent and
 * no aws:MultiFactorAuthAge at all (so `BoolIfExists … false` matches and `Null … true` matches);
 * MFA session credentials carry MultiFactorAuthPresent=true and an age (so neither matches).
 * EC2 is the seeds' Step 3: denied (UnauthorizedOperation) with long-term keys and with a session
 * without MFA, allowed with MFA session credentials. sts:GetSessionToken and
 * sts:GetCallerIdentity need no permission in AWS and no policy can deny them (IAM User Guide,
 * "Permissions for GetSessionToken"; STS API Reference, GetCallerIdentity).
 */

const ACCOUNT = '123456789012';
const EC2_FULL_ACCESS = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';
const INITIAL_PASSWORD = 'Initial-Passw0rd!';
const AMI = 'ami-0abcdef1234567890';

/** Seed 002 as it must be typed to be valid: no space in `iam: EnableMFADevice`, the account id filled in. */
const seed002Fixed = () =>
  policyFixture('002-force-mfa')
    .replace('"iam: EnableMFADevice"', '"iam:EnableMFADevice"')
    .replaceAll('ACCOUNT-ID-WITHOUT-HYPHENS', ACCOUNT);

type Verdict = 'allowed' | 'explicit deny' | 'implicit deny';
const A: Verdict = 'allowed';
const D: Verdict = 'explicit deny';
const I: Verdict = 'implicit deny';

/** [with long-term access keys, with MFA session credentials] */
type Pair = readonly [Verdict, Verdict];

interface Seed {
  readonly id: string;
  readonly policyName: string;
  readonly policy: () => string;
  /** The group the seed puts the user in; undefined: the policies are attached to the user (001). */
  readonly group: string | undefined;
  readonly changePassword: Pair;
  readonly getUser: Pair;
  /** CreateAccessKey for the caller itself (no UserName). */
  readonly ownAccessKey: Pair;
  /** GetMFADevice on the caller's own device (only seed 003 allows it). */
  readonly getMfaDevice: Pair;
  /** CreateAccessKey for another user: "touching another user's credentials". */
  readonly otherUsersKey: Pair;
  readonly createUser: Pair;
  /** The seeds' Step 3: every EC2 call (AmazonEC2FullAccess allows them all). */
  readonly ec2: Pair;
}

const SEEDS: readonly Seed[] = [
  {
    // Seed 000 (AWS docs, Force_MFA, group EC2MFA). Deny NotAction [CreateVirtualMFADevice,
    // EnableMFADevice, GetUser, ListMFADevices, ListVirtualMFADevices, ResyncMFADevice,
    // sts:GetSessionToken] if BoolIfExists MultiFactorAuthPresent=false.
    id: '000',
    policyName: 'Force_MFA',
    policy: () => policyFixture('000-force-mfa'),
    group: 'EC2MFA',
    // Allowed by AllowManageOwnPasswords but not exempt from the deny: denied until MFA.
    changePassword: [D, A],
    // Allowed and exempt from the deny.
    getUser: [A, A],
    // AllowManageOwnAccessKeys; not exempt: denied until MFA.
    ownAccessKey: [D, A],
    // No statement allows iam:GetMFADevice, and it is not exempt.
    getMfaDevice: [D, I],
    // The Allows are for ${aws:username} only; the deny adds an explicit deny without MFA.
    otherUsersKey: [D, I],
    createUser: [D, I],
    ec2: [D, A],
  },
  {
    // Seed 001 (blog, attached directly to the user): the same as 000, with iam:ChangePassword
    // and iam:GetUser also in the NotAction list, so a first-sign-in password change works.
    id: '001',
    policyName: 'EnforceMFAConsole',
    policy: () => policyFixture('001-enforce-mfa-console'),
    group: undefined,
    changePassword: [A, A],
    getUser: [A, A],
    ownAccessKey: [D, A],
    getMfaDevice: [D, I],
    otherUsersKey: [D, I],
    createUser: [D, I],
    ec2: [D, A],
  },
  {
    // Seed 002 (2015 blog, groups EC2_Full_Access and Force_MFA; fixed). Its deny is NotAction
    // iam:* if Null aws:MultiFactorAuthAge=true: it never touches an IAM action, so every IAM
    // decision comes from the Allows alone, the same with or without MFA; EC2 is denied until
    // the request carries an MFA age. (It would deny
    // sts:GetSessionToken, but no policy can stop GetSessionToken.)
    id: '002',
    policyName: 'Force_MFA_002',
    policy: seed002Fixed,
    group: 'Force_MFA',
    changePassword: [A, A],
    // No statement allows iam:GetUser, iam:CreateAccessKey or iam:GetMFADevice.
    getUser: [I, I],
    ownAccessKey: [I, I],
    getMfaDevice: [I, I],
    otherUsersKey: [I, I],
    createUser: [I, I],
    ec2: [D, A],
  },
  {
    // Seed 003 (RequireMFA, group Developers). Deny NotAction [CreateVirtualMFADevice,
    // EnableMFADevice, ListMFADevices, ListUsers, ListVirtualMFADevices, ResyncMFADevice,
    // ChangePassword, CreateLoginProfile] if BoolIfExists MultiFactorAuthPresent=false.
    id: '003',
    policyName: 'RequireMFA',
    policy: () => policyFixture('003-require-mfa'),
    group: 'Developers',
    // Allowed and exempt.
    changePassword: [A, A],
    // Not exempt, and no statement allows it.
    getUser: [D, I],
    ownAccessKey: [D, I],
    // AllowUserToManageTheirOwnMFA allows it; not exempt: denied until MFA.
    getMfaDevice: [D, A],
    otherUsersKey: [D, I],
    createUser: [D, I],
    ec2: [D, A],
  },
  {
    // Seed 004 (AWS docs, account 123456789012). Deny NotAction iam:* if BoolIfExists
    // MultiFactorAuthPresent=false: like 002, IAM actions are decided by the Allows alone.
    id: '004',
    policyName: 'Force_MFA_004',
    policy: () => policyFixture('004-force-mfa'),
    group: 'EC2MFA_004',
    changePassword: [A, A],
    // Seed 004 grants no iam:GetUser and no iam:GetMFADevice.
    getUser: [I, I],
    // AllowIndividualUserToSeeAndManageTheirOwnAccountInformation.
    ownAccessKey: [A, A],
    getMfaDevice: [I, I],
    otherUsersKey: [I, I],
    createUser: [I, I],
    ec2: [D, A],
  },
];

const INVALID_CODE: AwsFailure = {
  code: 'AccessDenied',
  status: 403,
  message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
};

const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

/** A call must get this verdict: succeed, or fail with AWS's AccessDenied message for it. */
async function expectVerdict(
  verdict: Verdict,
  call: Promise<unknown>,
  caller: string,
  action: string,
  resource: string,
): Promise<void> {
  if (verdict === 'allowed') {
    await call;
    return;
  }
  const reason =
    verdict === 'explicit deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  expect(await awsFailure(call)).toEqual({
    code: 'AccessDenied',
    status: 403,
    message: `User: ${userArn(caller)} is not authorized to perform: ${action} on resource: ${resource} ${reason}`,
  });
}

/**
 * An EC2 call must get this verdict: succeed, or fail as EC2 refuses: UnauthorizedOperation with
 * the reason, and no resource for an action on `*` (the Describe actions).
 */
async function expectEc2Verdict(
  verdict: Verdict,
  call: Promise<unknown>,
  caller: string,
  action: string,
  resource?: string,
): Promise<void> {
  if (verdict === 'allowed') {
    await call;
    return;
  }
  const reason =
    verdict === 'explicit deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  expect(await awsFailure(call)).toEqual({
    code: 'UnauthorizedOperation',
    status: 403,
    message: `You are not authorized to perform this operation. User: ${userArn(caller)} is not authorized to perform: ${action}${on} ${reason}`,
  });
}

/** Six digits that are no code of `seed` anywhere near step `t`. */
function wrongCode(seed: Buffer, t: number): string {
  const near = new Set<string>();
  for (let s = t - 10; s <= t + 10; s++) near.add(code(seed, s));
  for (let n = 0; ; n++) {
    const candidate = String((Number(code(seed, t)) + 1 + n) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

describe('every seed end to end through the AWS SDK, long-term keys then MFA', () => {
  let t: TestServer;
  let admin: IAMClient;

  /** An instance the administrator launched, for the users to tag and stop. */
  let adminInstance = '';

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
    expect(t.accountId).toBe(ACCOUNT);
    const { Instances } = await ec2Client(t).send(
      new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1 }),
    );
    adminInstance = Instances?.[0]?.InstanceId ?? '';
  });
  afterAll(() => t.close());

  describe.each(SEEDS)('seed $id', (seed) => {
    const me = `seed${seed.id}-user`;
    const other = `seed${seed.id}-other`;
    let longTerm: Credentials;
    let mfa: Credentials;
    let password = INITIAL_PASSWORD;
    let serial = '';
    let totpSeed: Buffer = Buffer.alloc(0);
    /** The step of the first enabling code: t and t+1 are used up by EnableMFADevice. */
    let enabledStep = 0;
    let sessionCode = '';

    const as = (credentials: Credentials) => t.iam(credentials);
    /** CreateAccessKey for the caller itself; a key it creates is deleted again (quota: two). */
    const ownAccessKey = (credentials: Credentials) =>
      as(credentials)
        .send(new CreateAccessKeyCommand({}))
        .then(({ AccessKey }) =>
          admin.send(new DeleteAccessKeyCommand({ UserName: me, AccessKeyId: AccessKey?.AccessKeyId })),
        );
    const changePassword = (credentials: Credentials) => {
      const next = password === INITIAL_PASSWORD ? 'Second-Passw0rd!' : INITIAL_PASSWORD;
      return as(credentials)
        .send(new ChangePasswordCommand({ OldPassword: password, NewPassword: next }))
        .then(() => {
          password = next;
        });
    };

    /** Every decision of the seed's table for these credentials (0: long-term keys, 1: MFA session). */
    async function checkDecisions(credentials: Credentials, column: 0 | 1): Promise<void> {
      const iam = as(credentials);
      await expectVerdict(
        seed.changePassword[column],
        changePassword(credentials),
        me,
        'iam:ChangePassword',
        userArn(me),
      );
      await expectVerdict(
        seed.getUser[column],
        iam.send(new GetUserCommand({})),
        me,
        'iam:GetUser',
        userArn(me),
      );
      await expectVerdict(
        seed.getMfaDevice[column],
        iam.send(new GetMFADeviceCommand({ SerialNumber: serial })),
        me,
        'iam:GetMFADevice',
        userArn(me),
      );
      await expectVerdict(
        seed.otherUsersKey[column],
        iam.send(new CreateAccessKeyCommand({ UserName: other })),
        me,
        'iam:CreateAccessKey',
        userArn(other),
      );
      await expectVerdict(
        seed.createUser[column],
        iam.send(new CreateUserCommand({ UserName: `${me}-intruder` })),
        me,
        'iam:CreateUser',
        userArn(`${me}-intruder`),
      );
      await checkEc2(credentials, seed.ec2[column]);
    }

    /** The seeds' Step 3: open EC2, list, launch, tag, stop and terminate instances. */
    async function checkEc2(credentials: Credentials, verdict: Verdict): Promise<void> {
      const ec2 = ec2Client(t, credentials);
      const instance = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${adminInstance}`;
      await expectEc2Verdict(
        verdict,
        ec2.send(new DescribeInstancesCommand({})),
        me,
        'ec2:DescribeInstances',
      );
      await expectEc2Verdict(
        verdict,
        ec2
          .send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1 }))
          .then(({ Instances }) =>
            ec2.send(new TerminateInstancesCommand({ InstanceIds: [Instances?.[0]?.InstanceId ?? ''] })),
          ),
        me,
        'ec2:RunInstances',
        `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`,
      );
      await expectEc2Verdict(
        verdict,
        ec2.send(new CreateTagsCommand({ Resources: [adminInstance], Tags: [{ Key: 'Seen', Value: me }] })),
        me,
        'ec2:CreateTags',
        instance,
      );
      await expectEc2Verdict(
        verdict,
        ec2.send(new StopInstancesCommand({ InstanceIds: [adminInstance] })),
        me,
        'ec2:StopInstances',
        instance,
      );
    }

    beforeAll(async () => {
      const { Policy } = await admin.send(
        new CreatePolicyCommand({ PolicyName: seed.policyName, PolicyDocument: seed.policy() }),
      );
      const arns = [Policy?.Arn ?? '', EC2_FULL_ACCESS];
      for (const name of [me, other]) {
        await admin.send(new CreateUserCommand({ UserName: name }));
        await admin.send(new CreateLoginProfileCommand({ UserName: name, Password: INITIAL_PASSWORD }));
      }
      if (seed.group === undefined) {
        for (const arn of arns)
          await admin.send(new AttachUserPolicyCommand({ UserName: me, PolicyArn: arn }));
      } else {
        await admin.send(new CreateGroupCommand({ GroupName: seed.group }));
        for (const arn of arns)
          await admin.send(new AttachGroupPolicyCommand({ GroupName: seed.group, PolicyArn: arn }));
        await admin.send(new AddUserToGroupCommand({ GroupName: seed.group, UserName: me }));
      }
      const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: me }));
      longTerm = {
        accessKeyId: AccessKey?.AccessKeyId ?? '',
        secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      };
    });

    it('long-term keys: the user creates, enables and lists their own virtual MFA device', async () => {
      const iam = as(longTerm);
      // Every seed allows iam:CreateVirtualMFADevice on mfa/${aws:username} (003: mfa/*) and
      // exempts it from its deny (002 and 004: the deny never covers iam:*).
      const { VirtualMFADevice } = await iam.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: me }),
      );
      serial = VirtualMFADevice?.SerialNumber ?? '';
      expect(serial).toBe(`arn:aws:iam::${ACCOUNT}:mfa/${me}`);
      const base32Seed = Buffer.from(VirtualMFADevice?.Base32StringSeed ?? []).toString('ascii');
      expect(base32Seed).toMatch(/^[A-Z2-7]{32,}$/);
      totpSeed = decodeBase32(base32Seed);

      // Likewise iam:EnableMFADevice on user/${aws:username} (002 once its space is removed).
      // Two consecutive codes: the current step's and the next one's. Should the server's clock
      // cross into the next step meanwhile, step t is still within its ±1 window.
      const step = timeStep(new Date());
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: me,
          SerialNumber: serial,
          AuthenticationCode1: code(totpSeed, step),
          AuthenticationCode2: code(totpSeed, step + 1),
        }),
      );
      enabledStep = step;

      // iam:ListMFADevices on user/${aws:username}: allowed and exempt in every seed.
      const { MFADevices } = await iam.send(new ListMFADevicesCommand({}));
      expect(MFADevices?.map((d) => [d.UserName, d.SerialNumber])).toEqual([[me, serial]]);
    });

    it('long-term keys: each decision as the policy text says (no MFA key in the context)', async () => {
      await checkDecisions(longTerm, 0);
      await expectVerdict(
        seed.ownAccessKey[0],
        ownAccessKey(longTerm),
        me,
        'iam:CreateAccessKey',
        userArn(me),
      );
    });

    it('a session without MFA is refused EC2 as long-term keys are', async () => {
      const { Credentials: issued } = await t.sts(longTerm).send(new GetSessionTokenCommand({}));
      await checkEc2(
        {
          accessKeyId: issued?.AccessKeyId ?? '',
          secretAccessKey: issued?.SecretAccessKey ?? '',
          sessionToken: issued?.SessionToken ?? '',
        },
        seed.ec2[0],
      );
    });

    it('GetSessionToken with a fresh code gives MFA credentials; the deny no longer applies', async () => {
      // Steps t and t+1 were used to enable the device and cannot be replayed; t+2 is the next
      // unused step. It is within the ±1 window whichever way the clocks went: if the device was
      // enabled in step t, the server takes the phone to be one step ahead (code2 is "now") and
      // accepts t+2 during steps t..t+2; if the server was already in t+1, during t+1..t+3.
      // No policy can stop GetSessionToken, not even seed 002's and 004's deny of sts:* here.
      sessionCode = code(totpSeed, enabledStep + 2);
      const { Credentials: issued } = await t
        .sts(longTerm)
        .send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: sessionCode }));
      mfa = {
        accessKeyId: issued?.AccessKeyId ?? '',
        secretAccessKey: issued?.SecretAccessKey ?? '',
        sessionToken: issued?.SessionToken ?? '',
      };
      expect(mfa.accessKeyId).toMatch(/^ASIA/);
      expect(mfa.sessionToken).not.toBe('');
      expect((await t.sts(mfa).send(new GetCallerIdentityCommand({}))).Arn).toBe(userArn(me));

      await checkDecisions(mfa, 1);
      await expectVerdict(seed.ownAccessKey[1], ownAccessKey(mfa), me, 'iam:CreateAccessKey', userArn(me));
      // Still their device, seen with MFA too.
      const { MFADevices } = await as(mfa).send(new ListMFADevicesCommand({}));
      expect(MFADevices?.map((d) => d.SerialNumber)).toEqual([serial]);
    });

    it('a reused code, an enabling code and a wrong code are refused', async () => {
      const getSessionToken = (tokenCode: string) =>
        t.sts(longTerm).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: tokenCode }));
      expect(await awsFailure(getSessionToken(sessionCode))).toEqual(INVALID_CODE);
      expect(await awsFailure(getSessionToken(code(totpSeed, enabledStep + 1)))).toEqual(INVALID_CODE);
      expect(await awsFailure(getSessionToken(wrongCode(totpSeed, enabledStep)))).toEqual(INVALID_CODE);
    });
  });
});
