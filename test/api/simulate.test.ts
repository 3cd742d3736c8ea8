import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type ContextEntry,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure } from '../support/aws-errors.js';
import { policyFixture } from '../support/fixtures.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * The policy simulator through the AWS SDK: SimulateCustomPolicy, SimulatePrincipalPolicy and
 * GetContextKeysFor*, every request and response member, their errors and pagination. Expected
 * positions and names are AWS's own answers where one is published (the AWS CLI's example for
 * simulate-custom-policy; AWS outputs naming `PolicyInputList.1`, `AdministratorAccess`,
 * `role_<role>_<policy>`, `ResourcePolicy` with types `IAM Policy` and `Resource Policy`).
 */

/** The AWS CLI's own simulate-custom-policy example: allowed from 2018-08-16T12:00:00Z on. */
const DATED =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

const date = (value: string): ContextEntry => ({
  ContextKeyName: 'aws:CurrentTime',
  ContextKeyValues: [value],
  ContextKeyType: 'date',
});

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('the policy simulator over the wire', () => {
  let t: TestServer;
  let admin: IAMClient;
  const account = () => t.accountId;
  const userArn = (name: string) => `arn:aws:iam::${account()}:user/${name}`;

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.iam();
  });
  afterAll(() => t.close());

  describe('SimulateCustomPolicy', () => {
    it('answers as the AWS CLI example does: allowed, the statement at Line 1 Column 38 to 167', async () => {
      const out = await admin.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [DATED],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [date('2019-04-25T11:00:00Z')],
        }),
      );
      expect(out.IsTruncated).toBe(false);
      expect(out.Marker).toBeUndefined();
      expect(out.EvaluationResults).toEqual([
        {
          EvalActionName: 'dynamodb:CreateBackup',
          EvalResourceName: '*',
          EvalDecision: 'allowed',
          MatchedStatements: [
            {
              SourcePolicyId: 'PolicyInputList.1',
              SourcePolicyType: 'IAM Policy',
              StartPosition: { Line: 1, Column: 38 },
              EndPosition: { Line: 1, Column: 167 },
            },
          ],
          MissingContextValues: [],
        },
      ]);
    });

    it('is an implicit deny when the date is earlier, and reports a key the request leaves out', async () => {
      const early = await admin.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [DATED],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [date('2018-04-25T11:00:00Z')],
        }),
      );
      expect(early.EvaluationResults?.[0]).toMatchObject({
        EvalDecision: 'implicitDeny',
        MatchedStatements: [],
      });
      // The simulator supplies no key of its own: without aws:CurrentTime the condition fails.
      const without = await admin.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: [DATED], ActionNames: ['dynamodb:CreateBackup'] }),
      );
      expect(without.EvaluationResults?.[0]).toMatchObject({
        EvalDecision: 'implicitDeny',
        MissingContextValues: ['aws:CurrentTime'],
      });
    });

    it('places statements of an array as AWS does: after the [, then after the previous }', async () => {
      // An S3 bucket policy as AWS returned it, statement positions 38–248 and 248–470.
      const text = doc(
        { Sid: 'AllowRead', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        { Sid: 'DenyDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' },
      );
      const firstOpen = text.indexOf('{', 1);
      const firstEnd = text.indexOf('}') + 1;
      const out = await admin.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [text],
          ActionNames: ['s3:GetObject', 's3:DeleteObject'],
          ResourceArns: ['arn:aws:s3:::b/k'],
        }),
      );
      const [read, del] = out.EvaluationResults ?? [];
      expect(read?.MatchedStatements).toEqual([
        {
          SourcePolicyId: 'PolicyInputList.1',
          SourcePolicyType: 'IAM Policy',
          StartPosition: { Line: 1, Column: firstOpen + 1 },
          EndPosition: { Line: 1, Column: firstEnd + 1 },
        },
      ]);
      expect(del?.EvalDecision).toBe('explicitDeny');
      expect(del?.MatchedStatements?.[0]?.StartPosition).toEqual({ Line: 1, Column: firstEnd + 1 });
      expect(del?.MatchedStatements?.[0]?.EndPosition).toEqual({ Line: 1, Column: text.length - 1 });
    });

    it('counts lines and columns in pretty-printed documents (AdministratorAccess: 3:17 to 8:6)', async () => {
      const admins =
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}';
      const out = await admin.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: [admins], ActionNames: ['s3:ListBucket'] }),
      );
      expect(out.EvaluationResults?.[0]?.MatchedStatements?.[0]).toMatchObject({
        StartPosition: { Line: 3, Column: 17 },
        EndPosition: { Line: 8, Column: 6 },
      });
    });

    it('lists only the Deny statements for an explicit deny, none for an implicit deny', async () => {
      const out = await admin.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [
            doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }),
            doc({ Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }),
          ],
          ActionNames: ['ec2:TerminateInstances', 'ec2:DescribeInstances', 's3:ListAllMyBuckets'],
        }),
      );
      const results = out.EvaluationResults ?? [];
      expect(results.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
        ['ec2:TerminateInstances', 'explicitDeny'],
        ['ec2:DescribeInstances', 'allowed'],
        ['s3:ListAllMyBuckets', 'implicitDeny'],
      ]);
      expect(results[0]?.MatchedStatements?.map((s) => s.SourcePolicyId)).toEqual(['PolicyInputList.2']);
      expect(results[1]?.MatchedStatements?.map((s) => s.SourcePolicyId)).toEqual(['PolicyInputList.1']);
      expect(results[2]?.MatchedStatements).toEqual([]);
    });

    it('simulates each action on each resource, with ResourceSpecificResults and empty EvalDecisionDetails', async () => {
      const out = await admin.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pub/*' })],
          ActionNames: ['s3:GetObject'],
          ResourceArns: ['arn:aws:s3:::pub/a', 'arn:aws:s3:::private/b'],
        }),
      );
      expect(out.EvaluationResults).toEqual([
        expect.objectContaining({
          EvalResourceName: 'arn:aws:s3:::pub/a',
          EvalDecision: 'allowed',
          EvalDecisionDetails: {},
          ResourceSpecificResults: [
            {
              EvalResourceName: 'arn:aws:s3:::pub/a',
              EvalResourceDecision: 'allowed',
              MatchedStatements: [expect.objectContaining({ SourcePolicyId: 'PolicyInputList.1' })],
              MissingContextValues: [],
              EvalDecisionDetails: {},
            },
          ],
        }),
        expect.objectContaining({
          EvalResourceName: 'arn:aws:s3:::private/b',
          EvalDecision: 'implicitDeny',
          ResourceSpecificResults: [
            expect.objectContaining({
              EvalResourceName: 'arn:aws:s3:::private/b',
              EvalResourceDecision: 'implicitDeny',
            }),
          ],
        }),
      ]);
    });

    it('evaluates a resource policy for the CallerArn, and details each policy type across accounts', async () => {
      const bucketPolicy = doc(
        {
          Sid: 'DenyInsecure',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::shared/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'Alice',
          Effect: 'Allow',
          Principal: { AWS: userArn('alice') },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::shared/*',
        },
      );
      const identity = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
      const secure: ContextEntry = {
        ContextKeyName: 'aws:SecureTransport',
        ContextKeyValues: ['true'],
        ContextKeyType: 'boolean',
      };
      const base = {
        PolicyInputList: [identity],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::shared/x'],
        ResourcePolicy: bucketPolicy,
        CallerArn: userArn('alice'),
      };
      const same = await admin.send(new SimulateCustomPolicyCommand({ ...base, ContextEntries: [secure] }));
      expect(same.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'allowed', EvalDecisionDetails: {} });
      expect(
        same.EvaluationResults?.[0]?.MatchedStatements?.map((s) => [s.SourcePolicyId, s.SourcePolicyType]),
      ).toEqual([
        ['ResourcePolicy', 'Resource Policy'],
        ['PolicyInputList.1', 'IAM Policy'],
      ]);

      // The bucket belongs to another account: both the identity and the resource policy must allow.
      const cross = await admin.send(
        new SimulateCustomPolicyCommand({ ...base, ContextEntries: [secure], ResourceOwner: '210987654321' }),
      );
      expect(cross.EvaluationResults?.[0]).toMatchObject({
        EvalDecision: 'allowed',
        EvalDecisionDetails: { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' },
      });
      const crossOther = await admin.send(
        new SimulateCustomPolicyCommand({
          ...base,
          CallerArn: userArn('bob'),
          ContextEntries: [secure],
          ResourceOwner: '210987654321',
        }),
      );
      expect(crossOther.EvaluationResults?.[0]).toMatchObject({
        EvalDecision: 'implicitDeny',
        EvalDecisionDetails: { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' },
      });

      const insecure = await admin.send(
        new SimulateCustomPolicyCommand({
          ...base,
          ContextEntries: [{ ...secure, ContextKeyValues: ['false'] }],
        }),
      );
      expect(insecure.EvaluationResults?.[0]?.EvalDecision).toBe('explicitDeny');
      expect(insecure.EvaluationResults?.[0]?.MatchedStatements?.map((s) => s.SourcePolicyId)).toEqual([
        'ResourcePolicy',
      ]);
    });

    it('needs an IAM user as the caller when a resource policy takes part', async () => {
      const request = {
        PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
        ActionNames: ['s3:GetObject'],
        ResourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }),
      };
      const expected = {
        code: 'InvalidInput',
        status: 400,
        message: 'Invalid caller - Caller must be an IAM user in this context.',
      };
      expect(await awsFailure(admin.send(new SimulateCustomPolicyCommand(request)))).toEqual(expected);
      expect(
        await awsFailure(
          admin.send(
            new SimulateCustomPolicyCommand({ ...request, CallerArn: `arn:aws:iam::${account()}:role/r` }),
          ),
        ),
      ).toEqual(expected);
    });

    it('applies a permissions boundary: reported in PermissionsBoundaryDecisionDetail; one at most', async () => {
      const boundary = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
      const out = await admin.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [
            doc({ Effect: 'Allow', Action: ['s3:ListBucket', 'ec2:DescribeInstances'], Resource: '*' }),
          ],
          PermissionsBoundaryPolicyInputList: [boundary],
          ActionNames: ['s3:ListBucket', 'ec2:DescribeInstances'],
        }),
      );
      expect(
        out.EvaluationResults?.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail]),
      ).toEqual([
        ['allowed', { AllowedByPermissionsBoundary: true }],
        ['implicitDeny', { AllowedByPermissionsBoundary: false }],
      ]);
      // Boundary statements are not identity-based or resource-based: never in MatchedStatements.
      expect(out.EvaluationResults?.[0]?.MatchedStatements?.map((s) => s.SourcePolicyId)).toEqual([
        'PolicyInputList.1',
      ]);
      expect(
        await awsFailure(
          admin.send(
            new SimulateCustomPolicyCommand({
              PolicyInputList: [boundary],
              PermissionsBoundaryPolicyInputList: [boundary, boundary],
              ActionNames: ['s3:ListBucket'],
            }),
          ),
        ),
      ).toMatchObject({ code: 'InvalidInput', status: 400 });
    });

    it('reads every context key type into the engine', async () => {
      const policy = doc({
        Effect: 'Allow',
        Action: 'ec2:RunInstances',
        Resource: '*',
        Condition: {
          NumericLessThan: { 'ec2:VolumeSize': '100' },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
          Bool: { 'aws:SecureTransport': 'true' },
          DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
          'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' },
          BinaryEquals: { 'test:Blob': 'QmluYXJ5' },
          'ForAllValues:NumericEquals': { 'test:Numbers': ['1', '2'] },
        },
      });
      const entries: ContextEntry[] = [
        { ContextKeyName: 'ec2:VolumeSize', ContextKeyValues: ['50'], ContextKeyType: 'numeric' },
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['203.0.113.9'], ContextKeyType: 'ip' },
        { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['TRUE'], ContextKeyType: 'boolean' },
        {
          ContextKeyName: 'aws:CurrentTime',
          ContextKeyValues: ['2026-01-01T00:00:00Z'],
          ContextKeyType: 'date',
        },
        { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['team', 'cost'], ContextKeyType: 'stringList' },
        { ContextKeyName: 'test:Blob', ContextKeyValues: ['QmluYXJ5'], ContextKeyType: 'binary' },
        { ContextKeyName: 'test:Numbers', ContextKeyValues: ['1', '2'], ContextKeyType: 'numericList' },
      ];
      const run = (contextEntries: ContextEntry[]) =>
        admin.send(
          new SimulateCustomPolicyCommand({
            PolicyInputList: [policy],
            ActionNames: ['ec2:RunInstances'],
            ContextEntries: contextEntries,
          }),
        );
      const all = await run(entries);
      expect(all.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'allowed', MissingContextValues: [] });
      // Each entry matters: change one value and the decision follows.
      const bigger = entries.map((e) =>
        e.ContextKeyName === 'ec2:VolumeSize' ? { ...e, ContextKeyValues: ['500'] } : e,
      );
      expect((await run(bigger)).EvaluationResults?.[0]?.EvalDecision).toBe('implicitDeny');
      const elsewhere = entries.map((e) =>
        e.ContextKeyName === 'aws:SourceIp' ? { ...e, ContextKeyValues: ['198.51.100.1'] } : e,
      );
      expect((await run(elsewhere)).EvaluationResults?.[0]?.EvalDecision).toBe('implicitDeny');
      const partial = await run(entries.slice(0, 2));
      expect(partial.EvaluationResults?.[0]?.MissingContextValues).toEqual([
        'aws:SecureTransport',
        'aws:CurrentTime',
        'aws:TagKeys',
        'test:Blob',
        'test:Numbers',
      ]);
    });

    it('refuses a context value its type cannot hold, and an entry without a type', async () => {
      for (const entry of [
        {
          ContextKeyName: 'aws:SecureTransport',
          ContextKeyValues: ['yes'],
          ContextKeyType: 'boolean' as const,
        },
        { ContextKeyName: 'ec2:VolumeSize', ContextKeyValues: ['big'], ContextKeyType: 'numeric' as const },
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['999.1.1.1'], ContextKeyType: 'ip' as const },
        {
          ContextKeyName: 'aws:CurrentTime',
          ContextKeyValues: ['yesterday'],
          ContextKeyType: 'date' as const,
        },
        { ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2020-01-01'] },
      ])
        expect(
          await awsFailure(
            admin.send(
              new SimulateCustomPolicyCommand({
                PolicyInputList: [DATED],
                ActionNames: ['s3:GetObject'],
                ContextEntries: [entry],
              }),
            ),
          ),
        ).toMatchObject({ code: 'InvalidInput', status: 400 });
    });

    it('refuses a malformed policy with MalformedPolicyDocument, in AWS words first', async () => {
      const failure = await awsFailure(
        admin.send(
          new SimulateCustomPolicyCommand({
            PolicyInputList: [doc({ Effect: 'Allow', Action: 'iam:ListUsers' })],
            ActionNames: ['iam:ListUsers'],
          }),
        ),
      );
      expect(failure.code).toBe('MalformedPolicyDocument');
      expect(failure.message).toMatch(/^Policy statement must contain resources\./);
      expect(
        (
          await awsFailure(
            admin.send(
              new SimulateCustomPolicyCommand({ PolicyInputList: ['{'], ActionNames: ['s3:GetObject'] }),
            ),
          )
        ).message,
      ).toMatch(/^Syntax errors in policy\./);
    });

    it('refuses wildcard or prefix-less action names and an unknown ResourceHandlingOption', async () => {
      for (const ActionNames of [['s3:*'], ['GetObject']])
        expect(
          await awsFailure(
            admin.send(new SimulateCustomPolicyCommand({ PolicyInputList: [DATED], ActionNames })),
          ),
        ).toMatchObject({ code: 'InvalidInput' });
      expect(
        await awsFailure(
          admin.send(
            new SimulateCustomPolicyCommand({
              PolicyInputList: [DATED],
              ActionNames: ['ec2:RunInstances'],
              ResourceHandlingOption: 'EC2-Mars',
            }),
          ),
        ),
      ).toMatchObject({ code: 'InvalidInput' });
      const ok = await admin.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [DATED],
          ActionNames: ['dynamodb:Scan'],
          ResourceHandlingOption: 'EC2-VPC-EBS',
        }),
      );
      expect(ok.EvaluationResults).toHaveLength(1);
    });

    it('pages the results with MaxItems and Marker, actions outermost', async () => {
      const request = {
        PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
        ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        ResourceArns: ['arn:aws:s3:::a/1', 'arn:aws:s3:::a/2'],
      };
      const first = await admin.send(new SimulateCustomPolicyCommand({ ...request, MaxItems: 4 }));
      expect(first.IsTruncated).toBe(true);
      expect(first.EvaluationResults?.map((r) => `${r.EvalActionName} ${r.EvalResourceName}`)).toEqual([
        's3:GetObject arn:aws:s3:::a/1',
        's3:GetObject arn:aws:s3:::a/2',
        's3:PutObject arn:aws:s3:::a/1',
        's3:PutObject arn:aws:s3:::a/2',
      ]);
      const second = await admin.send(
        new SimulateCustomPolicyCommand({ ...request, MaxItems: 4, Marker: first.Marker }),
      );
      expect(second.IsTruncated).toBe(false);
      expect(second.Marker).toBeUndefined();
      expect(second.EvaluationResults?.map((r) => r.EvalActionName)).toEqual([
        's3:DeleteObject',
        's3:DeleteObject',
      ]);
      expect(
        await awsFailure(admin.send(new SimulateCustomPolicyCommand({ ...request, Marker: 'nonsense' }))),
      ).toMatchObject({ code: 'InvalidInput' });
    });
  });

  describe('SimulatePrincipalPolicy', () => {
    let boundaryArn = '';

    beforeAll(async () => {
      const { Policy } = await admin.send(
        new CreatePolicyCommand({
          PolicyName: 'ReadS3',
          PolicyDocument: doc({ Sid: 'ReadS3', Effect: 'Allow', Action: 's3:Get*', Resource: '*' }),
        }),
      );
      const boundary = await admin.send(
        new CreatePolicyCommand({
          PolicyName: 'OnlyS3AndIam',
          PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:*', 'iam:*'], Resource: '*' }),
        }),
      );
      boundaryArn = boundary.Policy?.Arn ?? '';
      await admin.send(new CreateUserCommand({ UserName: 'alice', Path: '/staff/' }));
      await admin.send(
        new PutUserPolicyCommand({
          UserName: 'alice',
          PolicyName: 'OwnKeys',
          PolicyDocument: doc({
            Effect: 'Allow',
            Action: 'iam:ListAccessKeys',
            Resource: 'arn:aws:iam::*:user/staff/${aws:username}',
          }),
        }),
      );
      await admin.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: Policy?.Arn }));
      await admin.send(new CreateGroupCommand({ GroupName: 'devs' }));
      await admin.send(
        new PutGroupPolicyCommand({
          GroupName: 'devs',
          PolicyName: 'NoDelete',
          PolicyDocument: doc({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }),
        }),
      );
      await admin.send(
        new AttachGroupPolicyCommand({
          GroupName: 'devs',
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
        }),
      );
      await admin.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
      await admin.send(
        new CreateRoleCommand({
          RoleName: 'builder',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          }),
        }),
      );
      await admin.send(
        new PutRolePolicyCommand({
          RoleName: 'builder',
          PolicyName: 'Logs',
          PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }),
        }),
      );
    });

    it("includes the user's inline, attached and group policies, named as AWS names them", async () => {
      const out = await admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${account()}:user/staff/alice`,
          ActionNames: ['s3:GetObject', 's3:DeleteObject', 'ec2:DescribeInstances', 'iam:ListAccessKeys'],
          ResourceArns: [],
          ContextEntries: [
            { ContextKeyName: 'aws:username', ContextKeyValues: ['alice'], ContextKeyType: 'string' },
          ],
        }),
      );
      const sources = (out.EvaluationResults ?? []).map((r) => [
        r.EvalActionName,
        r.EvalDecision,
        r.MatchedStatements?.map((s) => s.SourcePolicyId),
      ]);
      expect(sources).toEqual([
        ['s3:GetObject', 'allowed', ['ReadS3']],
        ['s3:DeleteObject', 'explicitDeny', ['group_devs_NoDelete']],
        ['ec2:DescribeInstances', 'allowed', ['AmazonEC2FullAccess']],
        // `*` is not alice's ARN: the statement naming her ARN does not match it.
        ['iam:ListAccessKeys', 'implicitDeny', []],
      ]);
      // An AWS managed policy's positions point into its document as GetPolicyVersion shows it.
      expect(out.EvaluationResults?.[2]?.MatchedStatements?.[0]).toMatchObject({
        SourcePolicyType: 'IAM Policy',
        StartPosition: { Line: 3, Column: 19 },
      });
      const own = await admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: userArn('alice'),
          ActionNames: ['iam:ListAccessKeys'],
          ResourceArns: [`arn:aws:iam::${account()}:user/staff/alice`],
        }),
      );
      // Without aws:username the variable has no value: implicitDeny, and the key is reported, with
      // every other key the user's policies use (AmazonEC2FullAccess's iam:AWSServiceName too).
      expect(own.EvaluationResults?.[0]).toMatchObject({
        EvalDecision: 'implicitDeny',
        MissingContextValues: ['aws:username', 'iam:AWSServiceName'],
      });
      const withName = await admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: userArn('alice'),
          ActionNames: ['iam:ListAccessKeys'],
          ResourceArns: [`arn:aws:iam::${account()}:user/staff/alice`],
          ContextEntries: [
            { ContextKeyName: 'aws:username', ContextKeyValues: ['alice'], ContextKeyType: 'string' },
          ],
        }),
      );
      expect(withName.EvaluationResults?.[0]?.MatchedStatements).toEqual([
        {
          SourcePolicyId: 'user_alice_OwnKeys',
          SourcePolicyType: 'IAM Policy',
          StartPosition: { Line: 1, Column: 38 },
          EndPosition: expect.objectContaining({ Line: 1 }) as unknown,
        },
      ]);
    });

    it('adds the PolicyInputList, and applies the user boundary unless the request gives one', async () => {
      await admin.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: boundaryArn }));
      await admin.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bounded' }));
      await admin.send(
        new AttachUserPolicyCommand({
          UserName: 'bounded',
          PolicyArn: `arn:aws:iam::${account()}:policy/ReadS3`,
        }),
      );
      const bounded = await admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: userArn('bounded'),
          PolicyInputList: [doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' })],
          ActionNames: ['s3:GetObject', 'ec2:DescribeInstances', 'sqs:SendMessage'],
        }),
      );
      expect(
        bounded.EvaluationResults?.map((r) => [
          r.EvalDecision,
          r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
        ]),
      ).toEqual([
        ['allowed', true],
        ['implicitDeny', false],
        ['implicitDeny', false],
      ]);
      const replaced = await admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: userArn('bounded'),
          PolicyInputList: [doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' })],
          PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })],
          ActionNames: ['s3:GetObject', 'sqs:SendMessage'],
        }),
      );
      expect(
        replaced.EvaluationResults?.map((r) => [r.EvalDecision, r.MatchedStatements?.[0]?.SourcePolicyId]),
      ).toEqual([
        ['implicitDeny', undefined],
        ['allowed', 'PolicyInputList.1'],
      ]);
    });

    it('simulates a group and a role with their own policies', async () => {
      const group = await admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${account()}:group/devs`,
          ActionNames: ['s3:DeleteObject', 'ec2:DescribeInstances', 's3:GetObject'],
        }),
      );
      expect(group.EvaluationResults?.map((r) => r.EvalDecision)).toEqual([
        'explicitDeny',
        'allowed',
        'implicitDeny',
      ]);
      const role = await admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${account()}:role/builder`,
          ActionNames: ['logs:PutLogEvents'],
        }),
      );
      expect(role.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId).toBe('role_builder_Logs');
      // A role has no user to stand for the caller of a resource policy.
      expect(
        await awsFailure(
          admin.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: `arn:aws:iam::${account()}:role/builder`,
              ActionNames: ['s3:GetObject'],
              ResourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }),
            }),
          ),
        ),
      ).toEqual({
        code: 'InvalidInput',
        status: 400,
        message: 'Invalid caller - Caller must be an IAM user in this context.',
      });
    });

    it('answers NoSuchEntity for an unknown principal and InvalidInput for an ARN that is none', async () => {
      expect(
        await awsFailure(
          admin.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: userArn('nobody'),
              ActionNames: ['s3:GetObject'],
            }),
          ),
        ),
      ).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' });
      expect(
        await awsFailure(
          admin.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: `arn:aws:iam::${account()}:role/ghost`,
              ActionNames: ['s3:GetObject'],
            }),
          ),
        ),
      ).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role with name ghost cannot be found.' });
      const session = `arn:aws:sts::${account()}:assumed-role/builder/s1`;
      expect(
        await awsFailure(
          admin.send(
            new SimulatePrincipalPolicyCommand({ PolicySourceArn: session, ActionNames: ['s3:GetObject'] }),
          ),
        ),
      ).toEqual({
        code: 'InvalidInput',
        status: 400,
        message: `Invalid Entity Arn: ${session} does not clearly define entity type and name.`,
      });
    });

    it('is authorized as iam:SimulatePrincipalPolicy on the simulated entity', async () => {
      await admin.send(new CreateUserCommand({ UserName: 'auditor' }));
      await admin.send(
        new PutUserPolicyCommand({
          UserName: 'auditor',
          PolicyName: 'SimulateGroups',
          PolicyDocument: doc({
            Effect: 'Allow',
            Action: ['iam:SimulatePrincipalPolicy', 'iam:GetContextKeysForPrincipalPolicy'],
            Resource: `arn:aws:iam::${account()}:group/*`,
          }),
        }),
      );
      const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
      const keys: Credentials = {
        accessKeyId: AccessKey?.AccessKeyId ?? '',
        secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      };
      const auditor = t.iam(keys);
      const ok = await auditor.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${account()}:group/devs`,
          ActionNames: ['s3:GetObject'],
        }),
      );
      expect(ok.EvaluationResults).toHaveLength(1);
      expect(
        await awsFailure(
          auditor.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: userArn('alice'),
              ActionNames: ['s3:GetObject'],
            }),
          ),
        ),
      ).toEqual({
        code: 'AccessDenied',
        status: 403,
        message:
          `User: ${userArn('auditor')} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ` +
          `arn:aws:iam::${account()}:user/staff/alice because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
      });
      expect(
        await awsFailure(
          auditor.send(
            new SimulateCustomPolicyCommand({ PolicyInputList: [DATED], ActionNames: ['s3:GetObject'] }),
          ),
        ),
      ).toMatchObject({
        code: 'AccessDenied',
        message: expect.stringContaining('not authorized to perform: iam:SimulateCustomPolicy') as unknown,
      });
    });
  });

  describe('GetContextKeysFor*', () => {
    it('lists the condition keys and policy variables of custom policies, once each, as written', async () => {
      const out = await admin.send(
        new GetContextKeysForCustomPolicyCommand({
          PolicyInputList: [
            doc(
              { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' },
              {
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: '*',
                Condition: {
                  StringLike: { 's3:prefix': '${aws:username}/*' },
                  Bool: { 'aws:SecureTransport': 'true' },
                },
              },
            ),
            DATED,
            doc({
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { BoolIfExists: { 'AWS:SecureTransport': 'false' } },
            }),
          ],
        }),
      );
      expect(out.ContextKeyNames).toEqual([
        'aws:username',
        's3:prefix',
        'aws:SecureTransport',
        'aws:CurrentTime',
      ]);
    });

    it("lists the keys of a principal's policies and of the PolicyInputList", async () => {
      await admin.send(
        new CreatePolicyCommand({ PolicyName: 'Force_MFA', PolicyDocument: policyFixture('000-force-mfa') }),
      );
      await admin.send(new CreateUserCommand({ UserName: 'carol' }));
      await admin.send(
        new AttachUserPolicyCommand({
          UserName: 'carol',
          PolicyArn: `arn:aws:iam::${account()}:policy/Force_MFA`,
        }),
      );
      const out = await admin.send(
        new GetContextKeysForPrincipalPolicyCommand({
          PolicySourceArn: userArn('carol'),
          PolicyInputList: [DATED],
        }),
      );
      expect(out.ContextKeyNames).toEqual(['aws:username', 'aws:MultiFactorAuthPresent', 'aws:CurrentTime']);
      expect(
        await awsFailure(
          admin.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: userArn('ghost') })),
        ),
      ).toMatchObject({ code: 'NoSuchEntity' });
    });
  });
});
