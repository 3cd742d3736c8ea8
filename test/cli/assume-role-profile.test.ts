import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code } from '../../src/auth/totp/index.js';
import { serve, type RunningServer } from '../../src/server/serve.js';
import { AWS_CLI, AWS_CLI_VERSION, cliError } from '../support/aws-cli.js';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js';
import { enabledDevice } from '../support/mfa-device.js';
import { randomAdminKey } from '../support/server.js';

/**
 * A CLI profile with `role_arn` and `mfa_serial`, as AWS documents for MFA-protected roles: the CLI
 * itself asks for the MFA code and calls STS AssumeRole with it, then signs the command with the
 * role session's credentials. That AssumeRole call goes to STS's own endpoint whatever
 * `--endpoint-url` says, so here it travels through a local CONNECT proxy to iamfa, serving HTTPS
 * with a certificate for sts.us-east-1.amazonaws.com that the CLI trusts through AWS_CA_BUNDLE.
 */

const ACCOUNT = '123456789012';
const AMI = 'ami-0abcdef1234567890';
const CLI = AWS_CLI_VERSION.split(' ')[0];
const certFile = new URL('../fixtures/sts-tls/cert.pem', import.meta.url).pathname;
const keyFile = new URL('../fixtures/sts-tls/key.pem', import.meta.url).pathname;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe(`a ${CLI} profile with role_arn and mfa_serial`, () => {
  const admin = randomAdminKey();
  let server: RunningServer;
  let proxy: ConnectProxy;
  let dir: string;
  let device: { serial: string; seed: Buffer; step: number };

  /** The CLI with the test's config files, the proxy and the CA bundle, `input` on its stdin. */
  function cli(input: string, ...args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      // detached: a session of its own, without a controlling terminal, so that the CLI's prompt
      // (Python's getpass) reads the code from stdin rather than from whoever runs the tests.
      const child = spawn(AWS_CLI, ['--endpoint-url', server.url, '--output', 'json', ...args], {
        detached: true,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: dir,
          AWS_CONFIG_FILE: join(dir, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
          AWS_CA_BUNDLE: certFile,
          HTTPS_PROXY: proxy.url,
          AWS_PAGER: '',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iamfa-profile-'));
    server = await serve({
      host: '127.0.0.1',
      port: 0,
      dataDir: dir,
      accountId: ACCOUNT,
      accountAlias: undefined,
      adminAccessKeyId: admin.accessKeyId,
      adminSecretAccessKey: admin.secretAccessKey,
      encryptionKey: undefined,
      tls: { certFile, keyFile },
    });
    proxy = await startConnectProxy(Number(new URL(server.url).port));
    const client = {
      endpoint: server.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: admin,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(certFile) }) }),
    };
    const iam = new IAMClient(client);
    await new EC2Client(client).send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1 }));

    // The seeds' pattern for roles: the user may do nothing but assume the role, and the role
    // trusts the account only with MFA.
    await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'EC2Operator',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        }),
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'EC2Operator',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess',
      }),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'operator',
        PolicyName: 'AssumeEC2Operator',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: `arn:aws:iam::${ACCOUNT}:role/EC2Operator`,
          },
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }));
    device = await enabledDevice(iam, 'operator', 'operator');

    await writeFile(
      join(dir, 'credentials'),
      `[operator]\naws_access_key_id = ${AccessKey?.AccessKeyId}\naws_secret_access_key = ${AccessKey?.SecretAccessKey}\n`,
    );
    await writeFile(
      join(dir, 'config'),
      [
        '[profile operator]',
        'region = us-east-1',
        '',
        '[profile ec2-operator]',
        'region = us-east-1',
        `role_arn = arn:aws:iam::${ACCOUNT}:role/EC2Operator`,
        'source_profile = operator',
        `mfa_serial = ${device.serial}`,
        '',
        '[profile ec2-operator-no-mfa]',
        'region = us-east-1',
        `role_arn = arn:aws:iam::${ACCOUNT}:role/EC2Operator`,
        'source_profile = operator',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the user alone is not authorized for EC2', async () => {
    const run = await cli('', '--profile', 'operator', 'ec2', 'describe-instances');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim()).toBe(
      cliError(
        'UnauthorizedOperation',
        'DescribeInstances',
        `You are not authorized to perform this operation. User: arn:aws:iam::${ACCOUNT}:user/operator is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action`,
      ),
    );
  });

  it('the CLI asks for the MFA code, assumes the role with it, and acts as the role', async () => {
    const run = await cli(
      `${code(device.seed, device.step + 1)}\n`,
      '--profile',
      'ec2-operator',
      'ec2',
      'describe-instances',
    );
    expect(run.stderr).toContain(`Enter MFA code for ${device.serial}: `);
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { Reservations: { Instances: { ImageId: string }[] }[] };
    expect(output.Reservations.flatMap((r) => r.Instances).map((i) => i.ImageId)).toEqual([AMI]);
    // The CLI's AssumeRole went to STS's own endpoint, through the proxy.
    expect(proxy.targets).toContain('sts.us-east-1.amazonaws.com:443');

    // The role session acts as the role: read-only EC2.
    const who = await cli('', '--profile', 'ec2-operator', 'sts', 'get-caller-identity');
    expect(who.status).toBe(0);
    expect((JSON.parse(who.stdout) as { Arn: string }).Arn).toMatch(
      new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/EC2Operator/`),
    );
    const launch = await cli('', '--profile', 'ec2-operator', 'ec2', 'run-instances', '--image-id', AMI);
    expect(launch.stderr).toContain(
      'An error occurred (UnauthorizedOperation) when calling the RunInstances operation',
    );
  });

  it('without mfa_serial the trust policy refuses the role', async () => {
    const run = await cli('', '--profile', 'ec2-operator-no-mfa', 'ec2', 'describe-instances');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('An error occurred (AccessDenied) when calling the AssumeRole operation');
  });
});
