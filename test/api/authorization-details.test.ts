import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type EntityType,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GroupDetail,
  type IAMClient,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentEncode } from '../../src/api/query/encode.js';
import { aws, awsError } from '../support/aws-cli.js';
import { awsFailure } from '../support/aws-errors.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * GetAccountAuthorizationDetails over the wire, as IAM answers it (API Reference; the AWS CLI's
 * example output): users with their inline policies, groups, attached policies, boundary and tags;
 * groups; roles with their trust policy, (empty) instance profiles, inline and attached policies
 * and RoleLastUsed; managed policies with every version. Documents are percent-encoded on the wire
 * (the AWS CLI decodes and parses them); AWS managed policies appear only where the account uses
 * them; Filter selects entity types; MaxItems and Marker page over all entities together.
 */

const doc = (...actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const EC2_FULL = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';
const ADMINISTRATOR = 'arn:aws:iam::aws:policy/AdministratorAccess';

type Details = Omit<GetAccountAuthorizationDetailsCommandOutput, '$metadata'>;

/** Every page of the details, merged as the AWS CLI merges them. */
async function allPages(
  iam: IAMClient,
  filter: EntityType[] | undefined,
  maxItems?: number,
): Promise<Details> {
  const merged: {
    UserDetailList: UserDetail[];
    GroupDetailList: GroupDetail[];
    RoleDetailList: RoleDetail[];
    Policies: ManagedPolicyDetail[];
  } = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: filter, MaxItems: maxItems, Marker: marker }),
    );
    pages++;
    merged.UserDetailList.push(...(page.UserDetailList ?? []));
    merged.GroupDetailList.push(...(page.GroupDetailList ?? []));
    merged.RoleDetailList.push(...(page.RoleDetailList ?? []));
    merged.Policies.push(...(page.Policies ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
    if (page.IsTruncated) expect(page.Marker).toBeTruthy();
  } while (marker !== undefined && pages < 100);
  return merged;
}

describe('GetAccountAuthorizationDetails', () => {
  let t: TestServer;
  let admin: IAMClient;
  let boundaryArn: string;
  let unusedArn: string;
  const arn = (kind: string, name: string) => `arn:aws:iam::${t.accountId}:${kind}/${name}`;
  const trust = () =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'sts:AssumeRole' },
      ],
    });

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
    const boundary = await admin.send(
      new CreatePolicyCommand({
        PolicyName: 'Boundary',
        Path: '/limits/',
        PolicyDocument: doc('s3:*'),
        Description: 'caps',
      }),
    );
    boundaryArn = boundary.Policy?.Arn ?? '';
    await admin.send(
      new CreatePolicyVersionCommand({
        PolicyArn: boundaryArn,
        PolicyDocument: doc('s3:*', 'ec2:*'),
        SetAsDefault: true,
      }),
    );
    unusedArn =
      (await admin.send(new CreatePolicyCommand({ PolicyName: 'Unused', PolicyDocument: doc('sns:*') })))
        .Policy?.Arn ?? '';
    await admin.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/eng/' }));
    await admin.send(
      new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'logs', PolicyDocument: doc('logs:*') }),
    );
    await admin.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: READ_ONLY }));
    await admin.send(
      new CreateUserCommand({
        UserName: 'alice',
        Path: '/eng/',
        PermissionsBoundary: boundaryArn,
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    await admin.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await admin.send(
      new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own', PolicyDocument: doc('s3:List*') }),
    );
    await admin.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: boundaryArn }));
    await admin.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: trust(),
        PermissionsBoundary: boundaryArn,
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    );
    await admin.send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'deploy',
        PolicyDocument: doc('ec2:Run*'),
      }),
    );
    await admin.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: EC2_FULL }));
    await admin.send(new CreateRoleCommand({ RoleName: 'assumed', AssumeRolePolicyDocument: trust() }));
    await t
      .sts()
      .send(new AssumeRoleCommand({ RoleArn: arn('role', 'assumed'), RoleSessionName: 'details' }));
  });
  afterAll(() => t.close());

  it('describes users with their policies, groups, boundary and tags', async () => {
    const out = await admin.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(out.IsTruncated).toBe(false);
    expect(out.Marker).toBeUndefined();
    expect(out.UserDetailList?.map((u) => u.UserName)).toEqual(['admin', 'alice']);
    const alice = out.UserDetailList?.[1];
    expect(alice).toEqual({
      Path: '/eng/',
      UserName: 'alice',
      UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/) as unknown,
      Arn: arn('user', 'eng/alice'),
      CreateDate: expect.any(Date) as unknown,
      UserPolicyList: [{ PolicyName: 'own', PolicyDocument: percentEncode(doc('s3:List*')) }],
      GroupList: ['devs'],
      AttachedManagedPolicies: [{ PolicyName: 'Boundary', PolicyArn: boundaryArn }],
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: boundaryArn,
      },
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    expect(out.UserDetailList?.[0]?.AttachedManagedPolicies).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: ADMINISTRATOR },
    ]);
  });

  it('describes groups and roles', async () => {
    const out = await admin.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(out.GroupDetailList).toEqual([
      {
        Path: '/eng/',
        GroupName: 'devs',
        GroupId: expect.stringMatching(/^AGPA/) as unknown,
        Arn: arn('group', 'eng/devs'),
        CreateDate: expect.any(Date) as unknown,
        GroupPolicyList: [{ PolicyName: 'logs', PolicyDocument: percentEncode(doc('logs:*')) }],
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }],
      },
    ]);
    expect(out.RoleDetailList?.map((r) => r.RoleName)).toEqual(['assumed', 'deployer']);
    const [assumed, deployer] = out.RoleDetailList ?? [];
    expect(deployer).toEqual({
      Path: '/',
      RoleName: 'deployer',
      RoleId: expect.stringMatching(/^AROA/) as unknown,
      Arn: arn('role', 'deployer'),
      CreateDate: expect.any(Date) as unknown,
      AssumeRolePolicyDocument: percentEncode(trust()),
      InstanceProfileList: [],
      RolePolicyList: [{ PolicyName: 'deploy', PolicyDocument: percentEncode(doc('ec2:Run*')) }],
      AttachedManagedPolicies: [{ PolicyName: 'AmazonEC2FullAccess', PolicyArn: EC2_FULL }],
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: boundaryArn,
      },
      Tags: [{ Key: 'env', Value: 'prod' }],
      RoleLastUsed: {},
    });
    expect(Date.now() - (assumed?.RoleLastUsed?.LastUsedDate?.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it('describes the customer managed policies with every version, and the AWS managed ones in use', async () => {
    const out = await admin.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(out.Policies?.map((p) => p.Arn)).toEqual([
      ADMINISTRATOR,
      EC2_FULL,
      boundaryArn,
      READ_ONLY,
      unusedArn,
    ]);
    const boundary = out.Policies?.find((p) => p.Arn === boundaryArn);
    expect(boundary).toEqual({
      PolicyName: 'Boundary',
      PolicyId: expect.stringMatching(/^ANPA/) as unknown,
      Arn: boundaryArn,
      Path: '/limits/',
      DefaultVersionId: 'v2',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 2,
      IsAttachable: true,
      Description: 'caps',
      CreateDate: expect.any(Date) as unknown,
      UpdateDate: expect.any(Date) as unknown,
      PolicyVersionList: [
        {
          Document: percentEncode(doc('s3:*', 'ec2:*')),
          VersionId: 'v2',
          IsDefaultVersion: true,
          CreateDate: expect.any(Date) as unknown,
        },
        {
          Document: percentEncode(doc('s3:*')),
          VersionId: 'v1',
          IsDefaultVersion: false,
          CreateDate: expect.any(Date) as unknown,
        },
      ],
    });
    const readOnly = out.Policies?.find((p) => p.Arn === READ_ONLY);
    expect(readOnly).toMatchObject({ PolicyName: 'ReadOnlyAccess', AttachmentCount: 1, IsAttachable: true });
    expect(readOnly?.PolicyVersionList).toHaveLength(1);
    expect(readOnly?.PolicyVersionList?.[0]?.IsDefaultVersion).toBe(true);
    expect(JSON.parse(decodeURIComponent(readOnly?.PolicyVersionList?.[0]?.Document ?? ''))).toHaveProperty(
      'Statement',
    );
    expect(out.Policies?.find((p) => p.Arn === unusedArn)?.AttachmentCount).toBe(0);
  });

  it('filters by entity type', async () => {
    const roles = await admin.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(roles.RoleDetailList).toHaveLength(2);
    expect([roles.UserDetailList, roles.GroupDetailList, roles.Policies]).toEqual([[], [], []]);
    const local = await admin.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }),
    );
    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(['Boundary', 'Unused']);
    const awsManaged = await admin.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy', 'Group'] }),
    );
    expect(awsManaged.Policies?.map((p) => p.PolicyName)).toEqual([
      'AdministratorAccess',
      'AmazonEC2FullAccess',
      'ReadOnlyAccess',
    ]);
    expect(awsManaged.GroupDetailList?.map((g) => g.GroupName)).toEqual(['devs']);
    expect(awsManaged.UserDetailList).toEqual([]);
  });

  it('pages with MaxItems over all entities together', async () => {
    const first = await admin.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3 }));
    expect(first.IsTruncated).toBe(true);
    expect([
      first.UserDetailList?.length,
      first.GroupDetailList?.length,
      first.RoleDetailList?.length,
    ]).toEqual([2, 1, 0]);
    const whole = await allPages(admin, undefined);
    for (const size of [1, 2, 3, 4]) expect(await allPages(admin, undefined, size)).toEqual(whole);
    const invalid = await awsFailure(
      admin.send(new GetAccountAuthorizationDetailsCommand({ Marker: 'nonsense' })),
    );
    expect(invalid.code).toBe('InvalidInput');
  });

  it('needs iam:GetAccountAuthorizationDetails', async () => {
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const alice = t.iam({
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    });
    const denied = await awsFailure(alice.send(new GetAccountAuthorizationDetailsCommand({})));
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toContain('iam:GetAccountAuthorizationDetails');
  });

  describe('through the AWS CLI', () => {
    interface CliDetails {
      UserDetailList: { UserName: string; UserPolicyList: { PolicyDocument: unknown }[] }[];
      GroupDetailList: unknown[];
      RoleDetailList: { RoleName: string; AssumeRolePolicyDocument: unknown }[];
      Policies: { Arn: string; PolicyVersionList: { Document: unknown; VersionId: string }[] }[];
    }

    it('prints every entity with documents parsed, in pages as small as asked', async () => {
      const out = (await aws(t.url, t.admin, 'iam', 'get-account-authorization-details')) as CliDetails;
      expect(out.UserDetailList.map((u) => u.UserName)).toEqual(['admin', 'alice']);
      expect(out.UserDetailList[1]?.UserPolicyList[0]?.PolicyDocument).toEqual(JSON.parse(doc('s3:List*')));
      expect(out.RoleDetailList[1]?.AssumeRolePolicyDocument).toEqual(JSON.parse(trust()));
      const boundary = out.Policies.find((p) => p.Arn === boundaryArn);
      expect(boundary?.PolicyVersionList.map((v) => [v.VersionId, v.Document])).toEqual([
        ['v2', JSON.parse(doc('s3:*', 'ec2:*'))],
        ['v1', JSON.parse(doc('s3:*'))],
      ]);
      const paged = await aws(t.url, t.admin, 'iam', 'get-account-authorization-details', '--page-size', '2');
      expect(paged).toEqual(out);
    });

    it('filters', async () => {
      const out = (await aws(
        t.url,
        t.admin,
        'iam',
        'get-account-authorization-details',
        '--filter',
        'User',
        'Role',
      )) as CliDetails;
      expect(out.UserDetailList).toHaveLength(2);
      expect(out.RoleDetailList).toHaveLength(2);
      expect([out.GroupDetailList, out.Policies]).toEqual([[], []]);
      const stderr = await awsError(
        t.url,
        t.admin,
        'iam',
        'get-account-authorization-details',
        '--filter',
        'Nothing',
      );
      expect(stderr).toContain('Nothing');
    });
  });
});
