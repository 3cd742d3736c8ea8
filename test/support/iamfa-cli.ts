import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a run of the `iamfa` command line ended. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `iamfa ARGS…` from source in its own process, as a user would run it. */
export function iamfa(...args: string[]): Promise<CliRun> {
  return iamfaWith({}, ...args);
}

/**
 * The same, with these variables as its only IAMFA_* settings: one of the caller's environment must
 * not pick the store or the key.
 */
export function iamfaWith(env: Readonly<Record<string, string>>, ...args: string[]): Promise<CliRun> {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('IAMFA_'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...Object.fromEntries(inherited), ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
