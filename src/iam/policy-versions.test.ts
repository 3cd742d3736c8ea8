import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import type { Store, Tx } from '../store/store.js';
import { awsManagedCatalog } from './aws-managed/catalog.js';
import { IamError } from './errors.js';
import { createPolicy, getPolicy, type PolicyCaller } from './policies.js';
import {
  createPolicyVersion,
  deletePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from './policy-versions.js';

const caller: PolicyCaller = { accountId: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/admin` };
const day = (n: number): Date => new Date(Date.UTC(2026, 2, n, 10));
const doc = (action: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const ARN = `arn:aws:iam::${TEST_ACCOUNT}:policy/P`;
const EC2_ARN = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';

let store: Store;
beforeEach(async () => {
  store = await testStore();
  await store.transaction((tx) => createPolicy(tx, caller, { name: 'P', document: doc('s3:A') }, day(1)));
});
afterEach(async () => {
  await store.close();
});

const run = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => store.transaction(work);

async function refusal(work: (tx: Tx) => Promise<unknown>): Promise<IamError> {
  try {
    await run(work);
  } catch (e) {
    if (e instanceof IamError) return e;
    throw e;
  }
  throw new Error('the operation succeeded');
}

const addVersion = (action: string, setAsDefault: boolean, when = day(2)) =>
  run((tx) => createPolicyVersion(tx, caller, ARN, doc(action), setAsDefault, when));
const versionIds = async () =>
  (await run((tx) => listPolicyVersions(tx, TEST_ACCOUNT, ARN, {}))).items.map((v) => v.versionId);
const defaultVersion = async () =>
  (await run((tx) => getPolicy(tx, TEST_ACCOUNT, ARN))).policy.defaultVersionId;

describe('createPolicyVersion', () => {
  it('adds a version that is not the default unless asked, and moves UpdateDate', async () => {
    const v2 = await addVersion('s3:B', false, day(2));
    expect(v2).toEqual({
      versionId: 'v2',
      isDefaultVersion: false,
      createDate: day(2).toISOString(),
      document: doc('s3:B'),
    });
    expect(await defaultVersion()).toBe('v1');
    const v3 = await addVersion('s3:C', true, day(3));
    expect(v3.isDefaultVersion).toBe(true);
    const { policy } = await run((tx) => getPolicy(tx, TEST_ACCOUNT, ARN));
    expect(policy).toMatchObject({
      defaultVersionId: 'v3',
      createDate: day(1).toISOString(),
      updateDate: day(3).toISOString(),
    });
  });

  it('allows five versions at most, and never reuses a version number', async () => {
    for (const action of ['s3:B', 's3:C', 's3:D', 's3:E']) await addVersion(action, false);
    const error = await refusal((tx) => createPolicyVersion(tx, caller, ARN, doc('s3:F'), true, day(3)));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe(
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
    expect(await versionIds()).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
    expect(await defaultVersion()).toBe('v1');
    await run((tx) => deletePolicyVersion(tx, caller, ARN, 'v2'));
    expect((await addVersion('s3:F', false)).versionId).toBe('v6');
    expect(await versionIds()).toEqual(['v6', 'v5', 'v4', 'v3', 'v1']);
  });

  it('refuses a malformed document and adds nothing', async () => {
    const error = await refusal((tx) =>
      createPolicyVersion(tx, caller, ARN, '{"Version": "2012-10-17"}', true, day(2)),
    );
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toMatch(
      /^Syntax errors in policy\. policy \(line 1, column 1\): The policy has no Statement/,
    );
    expect(await versionIds()).toEqual(['v1']);
  });

  it('answers NoSuchEntity for a policy that does not exist', async () => {
    const arn = `arn:aws:iam::${TEST_ACCOUNT}:policy/Nope`;
    const error = await refusal((tx) => createPolicyVersion(tx, caller, arn, doc('s3:B'), false, day(2)));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`Policy ${arn} was not found.`);
  });
});

describe('getPolicyVersion', () => {
  it('returns a version with its document as it was given', async () => {
    const pretty = JSON.stringify(JSON.parse(doc('s3:B')), null, 4);
    await run((tx) => createPolicyVersion(tx, caller, ARN, pretty, false, day(2)));
    expect(await run((tx) => getPolicyVersion(tx, TEST_ACCOUNT, ARN, 'v2'))).toEqual({
      versionId: 'v2',
      isDefaultVersion: false,
      createDate: day(2).toISOString(),
      document: pretty,
    });
    expect((await run((tx) => getPolicyVersion(tx, TEST_ACCOUNT, ARN, 'v1'))).isDefaultVersion).toBe(true);
  });

  it('answers NoSuchEntity for a version the policy does not have', async () => {
    const error = await refusal((tx) => getPolicyVersion(tx, TEST_ACCOUNT, ARN, 'v7'));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`Policy ${ARN} version v7 does not exist or is not attachable.`);
  });

  it("returns an AWS managed policy's default version, and only that one", async () => {
    const policy = (await awsManagedCatalog()).get(EC2_ARN);
    const version = await run((tx) =>
      getPolicyVersion(tx, TEST_ACCOUNT, EC2_ARN, policy?.defaultVersionId ?? ''),
    );
    expect(version).toEqual({
      versionId: policy?.defaultVersionId,
      isDefaultVersion: true,
      createDate: policy?.updateDate,
      document: policy?.document,
    });
    const error = await refusal((tx) => getPolicyVersion(tx, TEST_ACCOUNT, EC2_ARN, 'v1'));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`Policy ${EC2_ARN} version v1 does not exist or is not attachable.`);
  });
});

describe('listPolicyVersions', () => {
  it('lists versions newest first, a page at a time', async () => {
    await addVersion('s3:B', true);
    await addVersion('s3:C', false);
    const first = await run((tx) => listPolicyVersions(tx, TEST_ACCOUNT, ARN, { MaxItems: 2 }));
    expect(first.items.map((v) => [v.versionId, v.isDefaultVersion])).toEqual([
      ['v3', false],
      ['v2', true],
    ]);
    expect(first.IsTruncated).toBe(true);
    const rest = await run((tx) =>
      listPolicyVersions(tx, TEST_ACCOUNT, ARN, { MaxItems: 2, Marker: first.Marker as string }),
    );
    expect(rest.items.map((v) => v.versionId)).toEqual(['v1']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('lists the one version iamfa keeps of an AWS managed policy', async () => {
    const page = await run((tx) => listPolicyVersions(tx, TEST_ACCOUNT, EC2_ARN, {}));
    expect(page.items.map((v) => [v.versionId, v.isDefaultVersion])).toEqual([['v5', true]]);
  });

  it('answers NoSuchEntity for a policy that does not exist', async () => {
    const arn = 'arn:aws:iam::aws:policy/NoSuchPolicy';
    const error = await refusal((tx) => listPolicyVersions(tx, TEST_ACCOUNT, arn, {}));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`Policy ${arn} was not found.`);
  });
});

describe('deletePolicyVersion', () => {
  it('deletes a version that is not the default', async () => {
    await addVersion('s3:B', false);
    await run((tx) => deletePolicyVersion(tx, caller, ARN, 'v2'));
    expect(await versionIds()).toEqual(['v1']);
  });

  it('refuses to delete the default version', async () => {
    await addVersion('s3:B', true);
    const error = await refusal((tx) => deletePolicyVersion(tx, caller, ARN, 'v2'));
    expect(error.code).toBe('DeleteConflict');
    expect(error.message).toBe('Cannot delete the default version of a policy.');
    expect(await versionIds()).toEqual(['v2', 'v1']);
  });

  it('answers NoSuchEntity for a version the policy does not have', async () => {
    const error = await refusal((tx) => deletePolicyVersion(tx, caller, ARN, 'v9'));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`Policy ${ARN} version v9 does not exist or is not attachable.`);
  });
});

describe('setDefaultPolicyVersion', () => {
  it('makes another version the default without changing UpdateDate', async () => {
    await addVersion('s3:B', false, day(2));
    await run((tx) => setDefaultPolicyVersion(tx, caller, ARN, 'v2'));
    expect(await defaultVersion()).toBe('v2');
    await run((tx) => setDefaultPolicyVersion(tx, caller, ARN, 'v1'));
    const { policy } = await run((tx) => getPolicy(tx, TEST_ACCOUNT, ARN));
    expect(policy).toMatchObject({ defaultVersionId: 'v1', updateDate: day(2).toISOString() });
  });

  it('answers NoSuchEntity for a version the policy does not have', async () => {
    const error = await refusal((tx) => setDefaultPolicyVersion(tx, caller, ARN, 'v2'));
    expect(error.code).toBe('NoSuchEntity');
    expect(error.message).toBe(`Policy ${ARN} version v2 does not exist or is not attachable.`);
    expect(await defaultVersion()).toBe('v1');
  });
});

describe('AWS managed policies are read-only', () => {
  const denied = (action: string) =>
    `User: ${caller.arn} is not authorized to perform: iam:${action} on resource: policy ${EC2_ARN} ` +
    `because no resource-based policy allows the iam:${action} action`;

  it('denies every change to their versions', async () => {
    const attempts: [string, (tx: Tx) => Promise<unknown>][] = [
      ['CreatePolicyVersion', (tx) => createPolicyVersion(tx, caller, EC2_ARN, doc('s3:B'), true, day(2))],
      ['DeletePolicyVersion', (tx) => deletePolicyVersion(tx, caller, EC2_ARN, 'v5')],
      ['SetDefaultPolicyVersion', (tx) => setDefaultPolicyVersion(tx, caller, EC2_ARN, 'v5')],
    ];
    for (const [action, attempt] of attempts) {
      const error = await refusal(attempt);
      expect(error.code).toBe('AccessDenied');
      expect(error.message).toBe(denied(action));
    }
    const page = await run((tx) => listPolicyVersions(tx, TEST_ACCOUNT, EC2_ARN, {}));
    expect(page.items.map((v) => v.versionId)).toEqual(['v5']);
  });
});
