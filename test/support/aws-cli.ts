import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/** Debian's AWS CLI (package awscli, installed by .ci/run), else whichever `aws` is on PATH. */
export const AWS_CLI = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

const version = spawnSync(AWS_CLI, ['--version'], { encoding: 'utf8' });
if (version.status !== 0)
  throw new Error(
    `The tests drive the real AWS CLI: install Debian's awscli (.ci/run does). ${AWS_CLI}: ${version.error?.message ?? version.stderr}`,
  );
/** The CLI's version line, e.g. `aws-cli/2.9.19 Python/3.11.2 …`. */
export const AWS_CLI_VERSION: string = version.stdout.trim();

const run = promisify(execFile);

export interface CliCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Runs the AWS CLI against an endpoint with these credentials and no user configuration, and
 * parses its JSON output (undefined when it prints nothing). A failed command rejects with the
 * CLI's stderr in the error.
 */
export async function aws(
  endpoint: string,
  credentials: CliCredentials,
  ...args: string[]
): Promise<unknown> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
  };
  const { stdout } = await run(AWS_CLI, ['--endpoint-url', endpoint, '--output', 'json', ...args], { env });
  return stdout.trim() === '' ? undefined : JSON.parse(stdout);
}

/** The stderr of an AWS CLI command that must fail. */
export async function awsError(
  endpoint: string,
  credentials: CliCredentials,
  ...args: string[]
): Promise<string> {
  try {
    await aws(endpoint, credentials, ...args);
  } catch (e) {
    return ((e as { stderr?: string }).stderr ?? String(e)).trim();
  }
  throw new Error(`aws ${args.join(' ')} succeeded`);
}

/** The error line the CLI prints for a failed call. */
export function cliError(code: string, operation: string, message: string): string {
  return `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
}
