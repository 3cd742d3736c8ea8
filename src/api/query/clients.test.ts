import { aws as runAws, AWS_CLI_VERSION, awsError as runAwsError } from '../../../test/support/aws-cli.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateUserCommand,
  DeleteUserCommand,
  EntityAlreadyExistsException,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListUsersCommand,
  NoSuchEntityException,
  UntagUserCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeInput } from './decode.js';
import { encodeOutput } from './encode.js';
import { encodeError, errorStatus } from './errors.js';
import { loadModel, type ServiceModel } from './model.js';

/*
 * The strongest check of the codec: real clients — the AWS SDK for JavaScript v3, and the AWS CLI
 * (botocore) where it is installed — talk to a loopback server that decodes their requests with
 * decodeInput and answers with encodeOutput / encodeError.
 */

const iamModel = loadModel('iam');
const stsModel = loadModel('sts');

interface Seen {
  readonly action: string;
  readonly input: Record<string, unknown> | undefined;
}

type Answer =
  | { readonly output: Record<string, unknown> | undefined }
  | { readonly error: { readonly code: string; readonly message: string } };

let server: Server;
let endpoint: string;
let seen: Seen[] = [];
let answer: (action: string) => Answer = () => ({ output: undefined });
let requestCount = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const model: ServiceModel =
        params.get('Version') === stsModel.metadata.apiVersion ? stsModel : iamModel;
      const action = params.get('Action') ?? '';
      const requestId = `req-${++requestCount}`;
      const decoded = decodeInput(model, action, params);
      seen.push({ action, input: decoded.ok ? decoded.input : undefined });
      const reply = decoded.ok ? answer(action) : { error: decoded.error };
      const [status, body] =
        'error' in reply
          ? [errorStatus(model, reply.error.code), encodeError(model, { ...reply.error, requestId })]
          : [200, encodeOutput(model, action, reply.output, requestId)];
      response.writeHead(status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

beforeEach(() => {
  seen = [];
});

const config = () => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
  maxAttempts: 1,
});

const created = new Date('2013-06-20T19:16:50Z');
const bob = {
  Path: '/division_abc/',
  UserName: 'Bob',
  UserId: 'AIDACKCEVSQ6C2EXAMPLE',
  Arn: 'arn:aws:iam::123456789012:user/division_abc/Bob',
  CreateDate: created,
};

describe('the AWS SDK v3 IAM client against the codec', () => {
  const iam = () => new IAMClient(config());

  it('CreateUser: our decoding of its request, its parsing of our response', async () => {
    const tags = [
      { Key: 'Team', Value: 'Blue: été' },
      { Key: 'cost-centre', Value: '' },
    ];
    // What the server says needs no validating: text XML must escape, and a carriage return.
    const stored = [{ Key: 'Note', Value: 'a&b <c> "d" 😀\r\nline2' }];
    answer = () => ({ output: { User: { ...bob, Tags: stored } } });
    const result = await iam().send(
      new CreateUserCommand({ UserName: 'Bob', Path: '/division_abc/', Tags: tags }),
    );
    expect(seen).toEqual([
      { action: 'CreateUser', input: { UserName: 'Bob', Path: '/division_abc/', Tags: tags } },
    ]);
    expect(result.User).toEqual({ ...bob, Tags: stored });
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(result.$metadata.requestId).toMatch(/^req-\d+$/);
  });

  it('ListUsers: pagination parameters in, IsTruncated and Marker out', async () => {
    answer = () => ({
      output: { Users: [bob, { ...bob, UserName: 'Alice' }], IsTruncated: true, Marker: 'next+page/=' },
    });
    const result = await iam().send(new ListUsersCommand({ MaxItems: 2, Marker: 'AAQ=', PathPrefix: '/' }));
    expect(seen[0]?.input).toEqual({ MaxItems: 2, Marker: 'AAQ=', PathPrefix: '/' });
    expect(result.Users?.map((u) => u.UserName)).toEqual(['Bob', 'Alice']);
    expect(result.Users?.[0]?.CreateDate).toEqual(created);
    expect(result.IsTruncated).toBe(true);
    expect(result.Marker).toBe('next+page/=');
  });

  it('ListUsers: an empty page', async () => {
    answer = () => ({ output: { Users: [], IsTruncated: false } });
    const result = await iam().send(new ListUsersCommand({}));
    expect(result.Users).toEqual([]);
    expect(result.IsTruncated).toBe(false);
  });

  it('GetUserPolicy: the document arrives percent-encoded, as from AWS', async () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/(a b)%*' }],
    });
    answer = () => ({ output: { UserName: 'Bob', PolicyName: 'AllAccess', PolicyDocument: document } });
    const result = await iam().send(new GetUserPolicyCommand({ UserName: 'Bob', PolicyName: 'AllAccess' }));
    expect(result.PolicyDocument).toMatch(/^%7B%22Version%22/);
    expect(decodeURIComponent(result.PolicyDocument ?? '')).toBe(document);
  });

  it('DeleteUser: no Result element, a plain 200', async () => {
    answer = () => ({ output: undefined });
    const result = await iam().send(new DeleteUserCommand({ UserName: 'Bob' }));
    expect(seen[0]).toEqual({ action: 'DeleteUser', input: { UserName: 'Bob' } });
    expect(result.$metadata.httpStatusCode).toBe(200);
  });

  it('booleans, integers and empty lists as the SDK writes them', async () => {
    answer = () => ({ output: undefined });
    await iam().send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        HardExpiry: false,
      }),
    );
    await iam().send(new UntagUserCommand({ UserName: 'Bob', TagKeys: [] }));
    expect(seen.map((s) => s.input)).toEqual([
      { MinimumPasswordLength: 14, RequireSymbols: true, HardExpiry: false },
      { UserName: 'Bob', TagKeys: [] },
    ]);
  });

  it('maps and blobs', async () => {
    answer = (action) =>
      action === 'GetAccountSummary'
        ? { output: { SummaryMap: { Users: 27, UsersQuota: 5000 } } }
        : {
            output: {
              Content: Buffer.from('user,arn\nBob,x\n'),
              ReportFormat: 'text/csv',
              GeneratedTime: created,
            },
          };
    const summary = await iam().send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap).toEqual({ Users: 27, UsersQuota: 5000 });
    const report = await iam().send(new GetCredentialReportCommand({}));
    expect(Buffer.from(report.Content ?? new Uint8Array()).toString()).toBe('user,arn\nBob,x\n');
    expect(report.GeneratedTime).toEqual(created);
  });

  it('a modeled error: the SDK raises its exception with our status and message', async () => {
    answer = () => ({
      error: { code: 'EntityAlreadyExists', message: 'User with name Bob already exists.' },
    });
    const error: unknown = await iam()
      .send(new CreateUserCommand({ UserName: 'Bob' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityAlreadyExistsException);
    const e = error as EntityAlreadyExistsException;
    // SDK v3 names the exception class; the wire code is kept on the error as `Error.Code`.
    expect(e.name).toBe('EntityAlreadyExistsException');
    expect((e as unknown as { Error?: { Code?: string; Type?: string } }).Error).toMatchObject({
      Code: 'EntityAlreadyExists',
      Type: 'Sender',
    });
    expect(e.message).toBe('User with name Bob already exists.');
    expect(e.$metadata.httpStatusCode).toBe(409);
    expect(e.$fault).toBe('client');
  });

  it('NoSuchEntity is a 404', async () => {
    answer = () => ({ error: { code: 'NoSuchEntity', message: 'The user with name Bob cannot be found.' } });
    const error: unknown = await iam()
      .send(new DeleteUserCommand({ UserName: 'Bob' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect((error as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
  });

  it('a validation failure found by decodeInput reaches the SDK as ValidationError', async () => {
    const error: unknown = await iam()
      .send(new CreateUserCommand({ UserName: 'bad name!' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IAMServiceException);
    const e = error as IAMServiceException;
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe(
      "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
    );
    expect(e.$metadata.httpStatusCode).toBe(400);
  });

  it('a server fault is a Receiver error', async () => {
    answer = () => ({ error: { code: 'ServiceFailure', message: 'Boom.' } });
    const error: unknown = await iam()
      .send(new DeleteUserCommand({ UserName: 'Bob' }))
      .catch((e: unknown) => e);
    expect((error as IAMServiceException).$fault).toBe('server');
    expect((error as IAMServiceException).$metadata.httpStatusCode).toBe(500);
  });
});

describe('the AWS SDK v3 STS client against the codec', () => {
  const sts = () => new STSClient(config());

  it('GetCallerIdentity', async () => {
    answer = () => ({ output: { UserId: 'AIDACKCEVSQ6C2EXAMPLE', Account: '123456789012', Arn: bob.Arn } });
    const result = await sts().send(new GetCallerIdentityCommand({}));
    expect(result).toMatchObject({ UserId: 'AIDACKCEVSQ6C2EXAMPLE', Account: '123456789012', Arn: bob.Arn });
  });

  it('AssumeRole: nested lists in, credentials with a millisecond expiry out', async () => {
    const expiration = new Date('2024-05-01T12:00:00.359Z');
    answer = () => ({
      output: {
        Credentials: {
          AccessKeyId: 'ASIAIOSFODNN7EXAMPLE',
          SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
          SessionToken: 'AQoDYXdzEPT//////////wEXAMPLE',
          Expiration: expiration,
        },
        AssumedRoleUser: {
          AssumedRoleId: 'AROA3XFRBF535PLBIFPI4:s3-access-example',
          Arn: 'arn:aws:sts::123456789012:assumed-role/r/s',
        },
        PackedPolicySize: 8,
      },
    });
    const result = await sts().send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/demo',
        RoleSessionName: 'alice',
        DurationSeconds: 3600,
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        Tags: [{ Key: 'Project', Value: 'Unicorn' }],
        TransitiveTagKeys: ['Project'],
      }),
    );
    expect(seen[0]?.input).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/demo',
      RoleSessionName: 'alice',
      DurationSeconds: 3600,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [{ Key: 'Project', Value: 'Unicorn' }],
      TransitiveTagKeys: ['Project'],
    });
    expect(result.Credentials?.Expiration).toEqual(expiration);
    expect(result.Credentials?.SessionToken).toBe('AQoDYXdzEPT//////////wEXAMPLE');
    expect(result.PackedPolicySize).toBe(8);
  });

  it('an STS validation error', async () => {
    const error: unknown = await sts()
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/demo',
          RoleSessionName: 'a',
          DurationSeconds: 60,
        }),
      )
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ValidationError');
    expect((error as Error).message).toBe(
      '2 validation errors detected: ' +
        "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });
});

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };

describe(`the AWS CLI (${AWS_CLI_VERSION}) against the codec`, () => {
  const aws = (...args: string[]) => runAws(endpoint, CREDENTIALS, ...args);
  const awsError = (...args: string[]) => runAwsError(endpoint, CREDENTIALS, ...args);

  it('create-user: tags in, a user with escaped text and a whole-second date out', async () => {
    const stored = [{ Key: 'Note', Value: 'a&b <c> "d" 😀\r\nline2' }];
    answer = () => ({
      output: { User: { ...bob, CreateDate: new Date('2013-06-20T19:16:50.123Z'), Tags: stored } },
    });
    const result = await aws('iam', 'create-user', '--user-name', 'Bob', '--tags', 'Key=team,Value=blue');
    expect(seen[0]).toEqual({
      action: 'CreateUser',
      input: { UserName: 'Bob', Tags: [{ Key: 'team', Value: 'blue' }] },
    });
    // CLI versions print dates differently (`…Z`, `…+00:00`); compare the instant: IAM's whole second.
    const { User } = result as { User: { CreateDate: string } };
    expect(Date.parse(User.CreateDate)).toBe(Date.parse('2013-06-20T19:16:50Z'));
    expect(result).toEqual({ User: { ...bob, CreateDate: User.CreateDate, Tags: stored } });
  });

  it('get-user-policy: botocore decodes the percent-encoded document', async () => {
    const document = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::a b/*' }],
    };
    answer = () => ({
      output: { UserName: 'Bob', PolicyName: 'p', PolicyDocument: JSON.stringify(document) },
    });
    expect(await aws('iam', 'get-user-policy', '--user-name', 'Bob', '--policy-name', 'p')).toEqual({
      UserName: 'Bob',
      PolicyName: 'p',
      PolicyDocument: document,
    });
  });

  it('errors: the code and message as the CLI prints them', async () => {
    answer = () => ({
      error: { code: 'DeleteConflict', message: 'Cannot delete entity, must delete policies first.' },
    });
    expect(await awsError('iam', 'delete-user', '--user-name', 'Bob')).toBe(
      'An error occurred (DeleteConflict) when calling the DeleteUser operation: ' +
        'Cannot delete entity, must delete policies first.',
    );
    expect(await awsError('iam', 'create-user', '--user-name', 'bad name!')).toBe(
      'An error occurred (ValidationError) when calling the CreateUser operation: ' +
        "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
    );
  });

  it('sts get-caller-identity', async () => {
    answer = () => ({ output: { UserId: 'AIDACKCEVSQ6C2EXAMPLE', Account: '123456789012', Arn: bob.Arn } });
    expect(await aws('sts', 'get-caller-identity')).toEqual({
      UserId: 'AIDACKCEVSQ6C2EXAMPLE',
      Account: '123456789012',
      Arn: bob.Arn,
    });
  });
});
