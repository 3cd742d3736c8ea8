import { awsFailure } from '../support/aws-errors.js';
import { policyFixture } from '../support/fixtures.js';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

describe('IAM over the query protocol, with the AWS SDK for JavaScript v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  beforeAll(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  afterAll(() => t.close());

  it('GetUser with no name answers the caller: the bootstrap administrator', async () => {
    const { User } = await iam.send(new GetUserCommand({}));
    expect(User).toMatchObject({
      UserName: 'admin',
      Path: '/',
      Arn: `arn:aws:iam::${t.accountId}:user/admin`,
    });
    expect(User?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(User?.CreateDate).toBeInstanceOf(Date);
  });

  it('creates, reads back, lists with pagination, and deletes users', async () => {
    for (const name of ['page-a', 'page-b', 'page-c'])
      await iam.send(
        new CreateUserCommand({ UserName: name, Path: '/paging/', Tags: [{ Key: 'team', Value: 'x' }] }),
      );
    const first = await iam.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 2 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['page-a', 'page-b']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListUsersCommand({ PathPrefix: '/paging/', Marker: first.Marker }));
    expect(second.Users?.map((u) => u.UserName)).toEqual(['page-c']);
    expect(second.IsTruncated).toBe(false);
    const { User } = await iam.send(new GetUserCommand({ UserName: 'PAGE-A' }));
    expect(User).toMatchObject({ UserName: 'page-a', Path: '/paging/', Tags: [{ Key: 'team', Value: 'x' }] });
    for (const name of ['page-a', 'page-b', 'page-c'])
      await iam.send(new DeleteUserCommand({ UserName: name }));
    expect((await iam.send(new ListUsersCommand({ PathPrefix: '/paging/' }))).Users).toEqual([]);
  });

  it('NoSuchEntity 404', async () => {
    expect(await awsFailure(iam.send(new GetUserCommand({ UserName: 'nobody' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });

  it('EntityAlreadyExists 409 (names are unique without regard to case)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'twice' }));
    expect(await awsFailure(iam.send(new CreateUserCommand({ UserName: 'TWICE' })))).toEqual({
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'User with name TWICE already exists.',
    });
  });

  it('ValidationError 400 with the model’s constraint', async () => {
    expect(await awsFailure(iam.send(new CreateUserCommand({ UserName: 'bad name!' })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
  });

  it('access keys: the secret once, LimitExceeded 409 at three, DeleteConflict 409 on the user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'keys' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    expect(AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(AccessKey?.SecretAccessKey).toHaveLength(40);
    await iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    expect(await awsFailure(iam.send(new CreateAccessKeyCommand({ UserName: 'keys' })))).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    expect(await awsFailure(iam.send(new DeleteUserCommand({ UserName: 'keys' })))).toEqual({
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete access keys first.',
    });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'keys', AccessKeyId: AccessKey?.AccessKeyId }));
  });

  it('MalformedPolicyDocument 400 points at seed 002’s broken action', async () => {
    const result = await awsFailure(
      iam.send(
        new CreatePolicyCommand({
          PolicyName: 'Force_MFA_002',
          PolicyDocument: policyFixture('002-force-mfa'),
        }),
      ),
    );
    expect(result).toEqual({
      code: 'MalformedPolicyDocument',
      status: 400,
      message:
        "Syntax errors in policy. Statement[3].Action[3] (line 50, column 9): Action 'iam: EnableMFADevice' contains whitespace; remove it: 'iam:EnableMFADevice'.",
    });
  });

  it('PasswordPolicyViolation 400 under the account password policy', async () => {
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireNumbers: true }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'weak' }));
    const result = await awsFailure(
      iam.send(new CreateLoginProfileCommand({ UserName: 'weak', Password: 'short' })),
    );
    expect(result).toEqual({
      code: 'PasswordPolicyViolation',
      status: 400,
      message: 'Password should have a minimum length of 12; Password should have at least one number',
    });
  });

  it('InvalidInput 400 for duplicate tag keys', async () => {
    const result = await awsFailure(
      iam.send(
        new CreateUserCommand({
          UserName: 'dup-tags',
          Tags: [
            { Key: 'Team', Value: 'a' },
            { Key: 'team', Value: 'b' },
          ],
        }),
      ),
    );
    expect(result).toEqual({
      code: 'InvalidInput',
      status: 400,
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    // The failed write left nothing behind.
    expect((await awsFailure(iam.send(new GetUserCommand({ UserName: 'dup-tags' })))).code).toBe(
      'NoSuchEntity',
    );
  });

  it('managed policies: versions, attachments, entities, AWS managed documents', async () => {
    const document = policyFixture('004-force-mfa');
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: document }),
    );
    expect(Policy).toMatchObject({ PolicyName: 'Force_MFA', DefaultVersionId: 'v1', AttachmentCount: 0 });
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: Policy?.Arn,
        PolicyDocument: document,
        SetAsDefault: true,
      }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'EC2MFA' }));
    await iam.send(new CreateUserCommand({ UserName: 'MFAUser' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'EC2MFA', UserName: 'MFAUser' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'EC2MFA', PolicyArn: Policy?.Arn }));
    await iam.send(
      new AttachGroupPolicyCommand({
        GroupName: 'EC2MFA',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
      }),
    );
    const attached = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'EC2MFA' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['Force_MFA', 'AmazonEC2FullAccess']);
    const group = await iam.send(new GetGroupCommand({ GroupName: 'EC2MFA' }));
    expect(group.Users?.map((u) => u.UserName)).toEqual(['MFAUser']);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: Policy?.Arn }));
    expect(entities.PolicyGroups?.map((g) => g.GroupName)).toEqual(['EC2MFA']);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: Policy?.Arn }))).Policy?.DefaultVersionId).toBe(
      'v2',
    );
    // IAM returns policy documents URL-encoded; the SDK hands them over as sent.
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: Policy?.Arn, VersionId: 'v2' }));
    expect(decodeURIComponent(version.PolicyVersion?.Document ?? '')).toBe(document);
    const ec2 = await iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
        VersionId: 'v5',
      }),
    );
    expect(JSON.parse(decodeURIComponent(ec2.PolicyVersion?.Document ?? '{}'))).toEqual(
      JSON.parse(policyFixture('aws-AmazonEC2FullAccess')),
    );
  });

  it('inline policies round-trip, URL-encoded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'inline' }));
    const document = policyFixture('003-require-mfa');
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'inline', PolicyName: 'RequireMFA', PolicyDocument: document }),
    );
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'inline', PolicyName: 'RequireMFA' }));
    expect(decodeURIComponent(got.PolicyDocument ?? '')).toBe(document);
    expect((await awsFailure(iam.send(new DeleteUserCommand({ UserName: 'inline' })))).message).toBe(
      'Cannot delete entity, must delete policies first.',
    );
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'inline',
        PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    );
  });

  it('GetAccountSummary counts what exists', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap?.Users).toBeGreaterThanOrEqual(4);
    expect(SummaryMap?.UsersQuota).toBe(5000);
    expect(SummaryMap?.Groups).toBeGreaterThanOrEqual(1);
  });
});
