import { testCallContext, testCaller } from '../../../test/support/caller.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../../test/support/store.js';
import { awsManagedCatalog } from '../../iam/aws-managed/catalog.js';
import { IamError } from '../../iam/errors.js';
import type { Store } from '../../store/store.js';
import type { CallContext } from '../operation.js';
import { policyOperations } from './policies.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const DOC = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
  null,
  4,
);
const ARN = `arn:aws:iam::${TEST_ACCOUNT}:policy/team/P`;
const EC2_ARN = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';

let store: Store;
let ctx: CallContext;
beforeEach(async () => {
  store = await testStore();
  ctx = testCallContext(store, { caller: testCaller(`arn:aws:iam::${TEST_ACCOUNT}:root`), now: NOW });
  await store.db
    .insertInto('users')
    .values({
      id: 'AIDAALICE00000000000',
      account_id: TEST_ACCOUNT,
      name: 'alice',
      name_key: 'alice',
      path: '/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/alice`,
      permissions_boundary: null,
      created_at: NOW.toISOString(),
      password_last_used: null,
    })
    .execute();
});
afterEach(async () => {
  await store.close();
});

function call(name: string, input: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const handler = policyOperations[name];
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(input, ctx);
}

async function failure(name: string, input: Record<string, unknown>): Promise<IamError> {
  try {
    await call(name, input);
  } catch (e) {
    if (e instanceof IamError) return e;
    throw e;
  }
  throw new Error(`${name} succeeded`);
}

const create = () =>
  call('CreatePolicy', {
    PolicyName: 'P',
    Path: '/team/',
    PolicyDocument: DOC,
    Description: 'a test policy',
    Tags: [{ Key: 'team', Value: 'sec' }],
  });

describe('policy operations', () => {
  it('serves every policy and attachment operation of the IAM API', () => {
    expect(Object.keys(policyOperations).sort()).toEqual(
      [
        'AttachGroupPolicy',
        'AttachUserPolicy',
        'CreatePolicy',
        'CreatePolicyVersion',
        'DeletePolicy',
        'DeletePolicyVersion',
        'DetachGroupPolicy',
        'DetachUserPolicy',
        'GetPolicy',
        'GetPolicyVersion',
        'ListAttachedGroupPolicies',
        'ListAttachedUserPolicies',
        'ListEntitiesForPolicy',
        'ListPolicies',
        'ListPolicyVersions',
        'SetDefaultPolicyVersion',
      ].sort(),
    );
  });

  it('CreatePolicy and GetPolicy answer with the Policy structure, description and tags included', async () => {
    const created = await create();
    const policy = {
      PolicyName: 'P',
      PolicyId: expect.stringMatching(/^ANPA[A-Z2-7]{17}$/) as unknown,
      Arn: ARN,
      Path: '/team/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: 'a test policy',
      CreateDate: NOW.toISOString(),
      UpdateDate: NOW.toISOString(),
      Tags: [{ Key: 'team', Value: 'sec' }],
    };
    expect(created).toEqual({ Policy: policy });
    expect(await call('GetPolicy', { PolicyArn: ARN })).toEqual({ Policy: policy });
  });

  it('ListPolicies lists without description or tags, with IsTruncated and Marker', async () => {
    await create();
    const local = await call('ListPolicies', { Scope: 'Local' });
    expect(local).toEqual({
      Policies: [
        {
          PolicyName: 'P',
          PolicyId: expect.any(String) as unknown,
          Arn: ARN,
          Path: '/team/',
          DefaultVersionId: 'v1',
          AttachmentCount: 0,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: NOW.toISOString(),
          UpdateDate: NOW.toISOString(),
        },
      ],
      IsTruncated: false,
    });
    const page = await call('ListPolicies', { Scope: 'AWS', MaxItems: 2 });
    expect(page).toMatchObject({ IsTruncated: true, Marker: expect.any(String) as unknown });
    expect(page?.['Policies']).toHaveLength(2);
  });

  it('answers the version operations with PolicyVersion, the document only from GetPolicyVersion', async () => {
    await create();
    const v2 = DOC.replace('s3:GetObject', 's3:PutObject');
    expect(
      await call('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: v2, SetAsDefault: true }),
    ).toEqual({
      PolicyVersion: { VersionId: 'v2', IsDefaultVersion: true, CreateDate: NOW.toISOString() },
    });
    expect(await call('GetPolicyVersion', { PolicyArn: ARN, VersionId: 'v2' })).toEqual({
      PolicyVersion: { Document: v2, VersionId: 'v2', IsDefaultVersion: true, CreateDate: NOW.toISOString() },
    });
    expect(await call('ListPolicyVersions', { PolicyArn: ARN })).toEqual({
      Versions: [
        { VersionId: 'v2', IsDefaultVersion: true, CreateDate: NOW.toISOString() },
        { VersionId: 'v1', IsDefaultVersion: false, CreateDate: NOW.toISOString() },
      ],
      IsTruncated: false,
    });
    expect(await call('SetDefaultPolicyVersion', { PolicyArn: ARN, VersionId: 'v1' })).toBeUndefined();
    expect(await call('DeletePolicyVersion', { PolicyArn: ARN, VersionId: 'v2' })).toBeUndefined();
    expect(await call('DeletePolicy', { PolicyArn: ARN })).toBeUndefined();
    expect((await failure('GetPolicy', { PolicyArn: ARN })).code).toBe('NoSuchEntity');
  });

  it('CreatePolicyVersion without SetAsDefault leaves the default alone', async () => {
    await create();
    const answer = await call('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: DOC });
    expect(answer).toEqual({
      PolicyVersion: { VersionId: 'v2', IsDefaultVersion: false, CreateDate: NOW.toISOString() },
    });
  });

  it("GetPolicyVersion returns an AWS managed policy's document as AWS formats it", async () => {
    const policy = (await awsManagedCatalog()).get(EC2_ARN);
    const answer = await call('GetPolicyVersion', {
      PolicyArn: EC2_ARN,
      VersionId: policy?.defaultVersionId,
    });
    expect(answer).toEqual({
      PolicyVersion: {
        Document: policy?.document,
        VersionId: policy?.defaultVersionId,
        IsDefaultVersion: true,
        CreateDate: policy?.updateDate,
      },
    });
  });

  it('attaches, lists and detaches, and lists the entities of a policy', async () => {
    await create();
    expect(await call('AttachUserPolicy', { UserName: 'alice', PolicyArn: ARN })).toBeUndefined();
    expect(await call('AttachUserPolicy', { UserName: 'alice', PolicyArn: EC2_ARN })).toBeUndefined();
    expect(await call('ListAttachedUserPolicies', { UserName: 'alice' })).toEqual({
      AttachedPolicies: [
        { PolicyName: 'P', PolicyArn: ARN },
        { PolicyName: 'AmazonEC2FullAccess', PolicyArn: EC2_ARN },
      ],
      IsTruncated: false,
    });
    expect(await call('ListEntitiesForPolicy', { PolicyArn: ARN })).toEqual({
      PolicyGroups: [],
      PolicyUsers: [{ UserName: 'alice', UserId: 'AIDAALICE00000000000' }],
      PolicyRoles: [],
      IsTruncated: false,
    });
    expect(await call('DetachUserPolicy', { UserName: 'alice', PolicyArn: ARN })).toBeUndefined();
    const error = await failure('DetachUserPolicy', { UserName: 'alice', PolicyArn: ARN });
    expect([error.code, error.message]).toEqual(['NoSuchEntity', `Policy ${ARN} was not found.`]);
    const group = await failure('AttachGroupPolicy', { GroupName: 'Ops', PolicyArn: ARN });
    expect([group.code, group.message]).toEqual(['NoSuchEntity', 'The group with name Ops cannot be found.']);
  });

  it('leaves nothing behind when an operation fails', async () => {
    const malformed = await failure('CreatePolicy', {
      PolicyName: 'Bad',
      PolicyDocument: '{"Statement": []}',
    });
    expect(malformed.code).toBe('MalformedPolicyDocument');
    expect(await call('ListPolicies', { Scope: 'Local' })).toEqual({ Policies: [], IsTruncated: false });
    expect(await store.db.selectFrom('policy_versions').selectAll().execute()).toEqual([]);
  });

  it('denies writes to AWS managed policies, naming the caller', async () => {
    const error = await failure('DeletePolicy', { PolicyArn: EC2_ARN });
    expect(error.code).toBe('AccessDenied');
    expect(error.message).toBe(
      `User: arn:aws:iam::${TEST_ACCOUNT}:root is not authorized to perform: iam:DeletePolicy on resource: ` +
        `policy ${EC2_ARN} because no resource-based policy allows the iam:DeletePolicy action`,
    );
  });
});
