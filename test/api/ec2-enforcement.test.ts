import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure } from '../support/aws-errors.js';
import { ec2Client } from '../support/ec2.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * EC2 authorization as AWS documents it for tag-based access control: launches must carry the
 * caller's Owner tag (`aws:RequestTag`, `aws:TagKeys`, `ec2:CreateTags` with `ec2:CreateAction`),
 * instances are managed only by their owner (`ec2:ResourceTag`), the Owner tag cannot be changed
 * afterwards, and a region outside the allowed one is refused (`aws:RequestedRegion`).
 */

const AMI = 'ami-0abcdef1234567890';

const OWNER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Describe', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
    {
      Sid: 'LaunchOwnTagged',
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: {
        StringEquals: { 'aws:RequestTag/Owner': '${aws:username}' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['Owner', 'Name'] },
      },
    },
    {
      Sid: 'LaunchTheRest',
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      NotResource: 'arn:aws:ec2:*:*:instance/*',
    },
    {
      Sid: 'TagOnLaunch',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
    },
    {
      Sid: 'ManageOwn',
      Effect: 'Allow',
      Action: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:CreateTags'],
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringEquals: { 'ec2:ResourceTag/Owner': '${aws:username}' } },
    },
    {
      Sid: 'OwnerIsForever',
      Effect: 'Deny',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: '*',
      Condition: {
        'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Owner'] },
        StringNotEquals: { 'ec2:CreateAction': 'RunInstances' },
      },
    },
    {
      Sid: 'OneRegion',
      Effect: 'Deny',
      Action: 'ec2:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    },
  ],
};

describe('EC2 tag-based access control', () => {
  let t: TestServer;
  let ec2: EC2Client;
  let credentials: Credentials;
  let adminInstance = '';
  const me = 'tag-owner';
  const arn = `arn:aws:iam::123456789012:user/${me}`;
  const instanceArn = (id: string) => `arn:aws:ec2:us-east-1:123456789012:instance/${id}`;
  const notAuthorized = (action: string, resource: string, why: string) =>
    `You are not authorized to perform this operation. User: ${arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
  const noAllow = (action: string) => `because no identity-based policy allows the ${action} action`;
  const explicitDeny = 'with an explicit deny in an identity-based policy';

  const launch = (tags: { Key: string; Value: string }[], dryRun = false) =>
    ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        MinCount: 1,
        MaxCount: 1,
        DryRun: dryRun,
        ...(tags.length > 0 && { TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] }),
      }),
    );

  beforeAll(async () => {
    t = await startTestServer();
    const admin = t.iam();
    const { Policy } = await admin.send(
      new CreatePolicyCommand({ PolicyName: 'OwnInstances', PolicyDocument: JSON.stringify(OWNER_POLICY) }),
    );
    await admin.send(new CreateUserCommand({ UserName: me }));
    await admin.send(new AttachUserPolicyCommand({ UserName: me, PolicyArn: Policy?.Arn }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: me }));
    credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    ec2 = ec2Client(t, credentials);
    const { Instances } = await ec2Client(t).send(
      new RunInstancesCommand({
        ImageId: AMI,
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Owner', Value: 'admin' }] }],
      }),
    );
    adminInstance = Instances?.[0]?.InstanceId ?? '';
  });
  afterAll(() => t.close());

  it('launches only with the caller’s own Owner tag and no other keys', async () => {
    expect(await awsFailure(launch([]))).toEqual({
      code: 'UnauthorizedOperation',
      status: 403,
      message: notAuthorized(
        'ec2:RunInstances',
        'arn:aws:ec2:us-east-1:123456789012:instance/*',
        noAllow('ec2:RunInstances'),
      ),
    });
    expect((await awsFailure(launch([{ Key: 'Owner', Value: 'admin' }]))).code).toBe('UnauthorizedOperation');
    expect(
      (
        await awsFailure(
          launch([
            { Key: 'Owner', Value: me },
            { Key: 'CostCenter', Value: '42' },
          ]),
        )
      ).code,
    ).toBe('UnauthorizedOperation');
    expect(await awsFailure(launch([{ Key: 'Owner', Value: me }], true))).toMatchObject({
      code: 'DryRunOperation',
      status: 412,
    });
    const { Instances } = await launch([
      { Key: 'Owner', Value: me },
      { Key: 'Name', Value: 'mine' },
    ]);
    expect(Instances?.[0]?.Tags).toEqual([
      { Key: 'Owner', Value: me },
      { Key: 'Name', Value: 'mine' },
    ]);
  });

  it('manages only instances tagged with the caller as Owner', async () => {
    const { Instances } = await launch([{ Key: 'Owner', Value: me }]);
    const mine = Instances?.[0]?.InstanceId ?? '';
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [mine] }));
    expect(await awsFailure(ec2.send(new StopInstancesCommand({ InstanceIds: [adminInstance] })))).toEqual({
      code: 'UnauthorizedOperation',
      status: 403,
      message: notAuthorized('ec2:StopInstances', instanceArn(adminInstance), noAllow('ec2:StopInstances')),
    });
    // Both named: refused as a whole, and the caller's own instance (stopped by now, so it could
    // start) is not started either.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(
      (await awsFailure(ec2.send(new StartInstancesCommand({ InstanceIds: [mine, adminInstance] })))).code,
    ).toBe('UnauthorizedOperation');
    const { Reservations: after } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [mine] }));
    expect(after?.[0]?.Instances?.[0]?.State?.Name).toBe('stopped');
    expect(
      await awsFailure(ec2.send(new StopInstancesCommand({ InstanceIds: [adminInstance], DryRun: true }))),
    ).toMatchObject({ code: 'UnauthorizedOperation' });
    // Everyone may look.
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [adminInstance] }));
    expect(Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(adminInstance);

    await ec2.send(new CreateTagsCommand({ Resources: [mine], Tags: [{ Key: 'Name', Value: 'renamed' }] }));
    expect(
      await awsFailure(
        ec2.send(new CreateTagsCommand({ Resources: [mine], Tags: [{ Key: 'Owner', Value: 'admin' }] })),
      ),
    ).toEqual({
      code: 'UnauthorizedOperation',
      status: 403,
      message: notAuthorized('ec2:CreateTags', instanceArn(mine), explicitDeny),
    });
  });

  it('refuses every region but the allowed one', async () => {
    const elsewhere = ec2Client(t, credentials, 'eu-west-1');
    expect(await awsFailure(elsewhere.send(new DescribeInstancesCommand({})))).toEqual({
      code: 'UnauthorizedOperation',
      status: 403,
      message: `You are not authorized to perform this operation. User: ${arn} is not authorized to perform: ec2:DescribeInstances ${explicitDeny}`,
    });
  });
});
