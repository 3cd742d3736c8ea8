import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMServiceException,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
  type PolicyVersion,
} from '@aws-sdk/client-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { reapServers, spawnServer } from '../support/process.js';
import { randomAdminKey, type Credentials } from '../support/server.js';
import { sqlProblems } from './workload.js';

const policy = (action: string | string[], resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'One', Effect: 'Allow', Action: action, Resource: resource }],
  });
const DOCUMENTS = {
  v1: policy('iam:GetUser', 'arn:aws:iam::*:user/team/${aws:username}'),
  // Alice may change her password under v2 only: the default version must survive too.
  v2: policy(['iam:Get*', 'iam:ChangePassword'], 'arn:aws:iam::*:user/team/${aws:username}'),
  alice: policy('s3:ListBucket', 'arn:aws:s3:::alice-bucket'),
  ops: policy('ec2:Describe*'),
};
const ALICE_PASSWORD = 'Alice-Passw0rd-durable';

/** A response as data: without `$metadata`, which changes on every call (request id, timings). */
function data(response: object): unknown {
  const rest: Record<string, unknown> = { ...response };
  delete rest.$metadata;
  return rest;
}

/**
 * Everything the account holds, read through the API (with the administrator's key), one entry
 * per call. Entities are found from the listings, so anything lost shows as a missing entry.
 */
async function snapshot(iam: IAMClient): Promise<Record<string, unknown>> {
  const s: Record<string, unknown> = {};
  const read = async <T extends object>(name: string, call: Promise<T>): Promise<T> => {
    const response = await call;
    s[name] = data(response);
    return response;
  };
  const users = await read('ListUsers', iam.send(new ListUsersCommand({})));
  for (const { UserName } of users.Users ?? []) {
    await read(`GetUser ${UserName}`, iam.send(new GetUserCommand({ UserName })));
    await read(`ListGroupsForUser ${UserName}`, iam.send(new ListGroupsForUserCommand({ UserName })));
    await read(
      `ListAttachedUserPolicies ${UserName}`,
      iam.send(new ListAttachedUserPoliciesCommand({ UserName })),
    );
    await read(`ListAccessKeys ${UserName}`, iam.send(new ListAccessKeysCommand({ UserName })));
    const inline = await read(
      `ListUserPolicies ${UserName}`,
      iam.send(new ListUserPoliciesCommand({ UserName })),
    );
    for (const PolicyName of inline.PolicyNames ?? [])
      await read(
        `GetUserPolicy ${UserName} ${PolicyName}`,
        iam.send(new GetUserPolicyCommand({ UserName, PolicyName })),
      );
    try {
      await read(`GetLoginProfile ${UserName}`, iam.send(new GetLoginProfileCommand({ UserName })));
    } catch (e) {
      if (!(e instanceof IAMServiceException && e.name === 'NoSuchEntityException')) throw e;
    }
  }
  const groups = await read('ListGroups', iam.send(new ListGroupsCommand({})));
  for (const { GroupName } of groups.Groups ?? []) {
    await read(`GetGroup ${GroupName}`, iam.send(new GetGroupCommand({ GroupName })));
    await read(
      `ListAttachedGroupPolicies ${GroupName}`,
      iam.send(new ListAttachedGroupPoliciesCommand({ GroupName })),
    );
    const inline = await read(
      `ListGroupPolicies ${GroupName}`,
      iam.send(new ListGroupPoliciesCommand({ GroupName })),
    );
    for (const PolicyName of inline.PolicyNames ?? [])
      await read(
        `GetGroupPolicy ${GroupName} ${PolicyName}`,
        iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName })),
      );
  }
  const policies = await read('ListPolicies Local', iam.send(new ListPoliciesCommand({ Scope: 'Local' })));
  for (const { PolicyArn, PolicyName } of (policies.Policies ?? []).map((p) => ({
    PolicyArn: p.Arn,
    PolicyName: p.PolicyName,
  }))) {
    await read(`GetPolicy ${PolicyName}`, iam.send(new GetPolicyCommand({ PolicyArn })));
    await read(
      `ListEntitiesForPolicy ${PolicyName}`,
      iam.send(new ListEntitiesForPolicyCommand({ PolicyArn })),
    );
    const versions = await read(
      `ListPolicyVersions ${PolicyName}`,
      iam.send(new ListPolicyVersionsCommand({ PolicyArn })),
    );
    for (const { VersionId } of versions.Versions ?? [])
      await read(
        `GetPolicyVersion ${PolicyName} ${VersionId}`,
        iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId })),
      );
  }
  await read('ListAccountAliases', iam.send(new ListAccountAliasesCommand({})));
  await read('GetAccountPasswordPolicy', iam.send(new GetAccountPasswordPolicyCommand({})));
  await read('GetAccountSummary', iam.send(new GetAccountSummaryCommand({})));
  return s;
}

/** The error code of a call that must fail. */
async function failureCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof IAMServiceException) return (e as { Error?: { Code?: string } }).Error?.Code ?? e.name;
    throw e;
  }
  throw new Error('The call succeeded.');
}

describe('a restart (SIGTERM, then start again on the same data directory)', () => {
  const admin = randomAdminKey();
  const dirs: string[] = [];
  afterAll(async () => {
    await reapServers();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  let dataDir = '';
  let before: Record<string, unknown> = {};
  let afterPasswordChange: Record<string, unknown> = {};

  it('keeps all the data, the administrator’s key and the users’ keys and passwords', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-restart-'));
    dirs.push(dataDir);

    const first = await spawnServer({ dataDir, admin });
    expect(first.stdout()).toContain('First run: created account');
    expect(first.stdout()).toContain(`Access key id:     ${admin.accessKeyId}`);
    const credentialsFile = await readFile(join(dataDir, 'admin-credentials'), 'utf8');
    const iam = first.iam();
    const send = iam.send.bind(iam);
    await send(new CreateAccountAliasCommand({ AccountAlias: 'durable-account' }));
    await send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireNumbers: true }));
    await send(
      new CreateUserCommand({
        UserName: 'alice',
        Path: '/team/',
        Tags: [
          { Key: 'team', Value: 'platform' },
          { Key: 'cost-center', Value: '42' },
        ],
      }),
    );
    const { Policy } = await send(
      new CreatePolicyCommand({
        PolicyName: 'Durable',
        Path: '/team/',
        Description: 'survives restarts',
        PolicyDocument: DOCUMENTS.v1,
      }),
    );
    const arn = Policy?.Arn ?? '';
    await send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: DOCUMENTS.v2, SetAsDefault: true }),
    );
    await send(new CreateUserCommand({ UserName: 'bob', PermissionsBoundary: arn }));
    await send(new CreateGroupCommand({ GroupName: 'devs' }));
    await send(new CreateGroupCommand({ GroupName: 'ops', Path: '/team/' }));
    await send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    await send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'bob' }));
    await send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arn }));
    await send(
      new AttachGroupPolicyCommand({
        GroupName: 'devs',
        PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    );
    await send(
      new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own', PolicyDocument: DOCUMENTS.alice }),
    );
    await send(
      new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'describe', PolicyDocument: DOCUMENTS.ops }),
    );
    await send(
      new CreateLoginProfileCommand({
        UserName: 'alice',
        Password: ALICE_PASSWORD,
        PasswordResetRequired: true,
      }),
    );
    const { AccessKey } = await send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const alice: Credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };

    before = await snapshot(iam);
    // The snapshot holds what was written (so that comparing two of them means something).
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'GetUserPolicy alice own',
        'GetGroupPolicy ops describe',
        'GetLoginProfile alice',
        'GetPolicyVersion Durable v1',
        'GetPolicyVersion Durable v2',
      ]),
    );
    expect(before['GetUser alice']).toMatchObject({
      User: { Path: '/team/', Tags: [{ Key: 'team' }, { Key: 'cost-center', Value: '42' }] },
    });
    expect(before['GetUser bob']).toMatchObject({
      User: { PermissionsBoundary: { PermissionsBoundaryArn: arn } },
    });
    expect(before['GetPolicy Durable']).toMatchObject({
      Policy: { DefaultVersionId: 'v2', AttachmentCount: 2 },
    });
    const version = (id: string) =>
      (before[`GetPolicyVersion Durable ${id}`] as { PolicyVersion: PolicyVersion }).PolicyVersion;
    expect(decodeURIComponent(version('v1').Document ?? '')).toBe(DOCUMENTS.v1);
    expect(decodeURIComponent(version('v2').Document ?? '')).toBe(DOCUMENTS.v2);
    expect(version('v1').IsDefaultVersion).toBe(false);
    expect(before['GetGroup devs']).toMatchObject({ Users: [{ UserName: 'alice' }, { UserName: 'bob' }] });
    expect(before['ListAttachedGroupPolicies devs']).toMatchObject({
      AttachedPolicies: [{ PolicyName: 'Durable' }, { PolicyName: 'ReadOnlyAccess' }],
    });
    expect(before['ListAccessKeys alice']).toMatchObject({
      AccessKeyMetadata: [{ AccessKeyId: alice.accessKeyId, Status: 'Active' }],
    });
    expect(before['ListAccountAliases']).toMatchObject({ AccountAliases: ['durable-account'] });

    const stopped = await first.stop();
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
    expect(stopped.ms).toBeLessThan(5_000);
    expect(first.stdout()).toContain('SIGTERM: shutting down');
    expect(first.stderr()).toBe('');
    expect(sqlProblems(join(dataDir, 'iamfa.db'))).toEqual([]);

    // Started again with another key in the environment: it must not bootstrap a second time.
    const other = randomAdminKey();
    const second = await spawnServer({ dataDir, admin: other });
    expect(second.stdout()).not.toContain('First run');
    expect(second.stdout()).not.toContain('Secret access key');
    expect(await readFile(join(dataDir, 'admin-credentials'), 'utf8')).toBe(credentialsFile);
    expect(await failureCode(second.iam(other).send(new GetUserCommand({})))).toBe('InvalidClientTokenId');
    const iam2 = second.iam(admin);
    expect((await iam2.send(new GetUserCommand({}))).User?.UserName).toBe('admin');
    expect(await snapshot(iam2)).toEqual(before);

    // The user's access key still signs, and the password hash still verifies the password.
    const asAlice = second.iam(alice);
    expect((await asAlice.send(new GetUserCommand({}))).User).toMatchObject({
      UserName: 'alice',
      Path: '/team/',
    });
    await asAlice.send(
      new ChangePasswordCommand({ OldPassword: ALICE_PASSWORD, NewPassword: 'Alice-Passw0rd-2nd' }),
    );
    expect(
      await failureCode(
        asAlice.send(
          new ChangePasswordCommand({ OldPassword: ALICE_PASSWORD, NewPassword: 'Alice-Passw0rd-3rd' }),
        ),
      ),
    ).toBe('InvalidUserType');
    afterPasswordChange = await snapshot(iam2);
    expect(afterPasswordChange['GetLoginProfile alice']).toMatchObject({
      LoginProfile: { PasswordResetRequired: false },
    });
    const stoppedAgain = await second.stop();
    expect({ code: stoppedAgain.code, signal: stoppedAgain.signal }).toEqual({ code: 0, signal: null });
    console.log(
      `durability/restart: ${Object.keys(before).length} reads identical after restart; SIGTERM to exit ${Math.round(stopped.ms)} ms and ${Math.round(stoppedAgain.ms)} ms`,
    );
  });

  it('its comparison catches a lost policy version', async () => {
    expect(dataDir).not.toBe('');
    const scratch = await mkdtemp(join(tmpdir(), 'iamfa-scratch-'));
    dirs.push(scratch);
    await cp(dataDir, scratch, { recursive: true });
    const db = new Database(join(scratch, 'iamfa.db'));
    const deleted = db.prepare("delete from policy_versions where version_id = 'v1'").run();
    db.close();
    expect(deleted.changes).toBe(1);

    const server = await spawnServer({ dataDir: scratch, admin });
    const got = await snapshot(server.iam());
    await server.stop();
    const expected = structuredClone(afterPasswordChange);
    delete expected['GetPolicyVersion Durable v1'];
    const versions = expected['ListPolicyVersions Durable'] as { Versions: { VersionId: string }[] };
    versions.Versions = versions.Versions.filter((v) => v.VersionId !== 'v1');
    expect(got).not.toEqual(afterPasswordChange);
    expect(got).toEqual(expected);
  });
});
