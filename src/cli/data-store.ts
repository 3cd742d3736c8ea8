import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { DEFAULTS } from '../server/config.js';
import { secretBox, type SecretBox } from '../auth/secret-box.js';
import { DATABASE_FILE, databaseFile, encryptionKeys } from '../server/data-dir.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

/** Where an offline command finds the data a server keeps: its data directory or its PostgreSQL. */
export interface StoreOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string;
}

/** Adds `--data-dir` and `--database-url` (with `iamfa serve`'s environment variables) to a command. */
export function withStoreOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--data-dir <dir>', "the server's data directory")
        .env('IAMFA_DATA_DIR')
        .default(DEFAULTS.dataDir),
    )
    .addOption(
      new Option('--database-url <url>', "the server's PostgreSQL database").env('IAMFA_DATABASE_URL'),
    );
}

/** Opens the store those options name: one a server has made, never a new one. */
export async function openDataStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl === undefined && !existsSync(join(options.dataDir, DATABASE_FILE)))
    throw new Error(`There is no iamfa data in ${options.dataDir} (see --data-dir).`);
  return openStore({ databaseUrl: options.databaseUrl, sqliteFile: () => databaseFile(options.dataDir) });
}

/** The box that opens the server's secrets: IAMFA_ENCRYPTION_KEY, or the data directory's key file. */
export async function openSecretBox(options: StoreOptions): Promise<SecretBox> {
  return secretBox(await encryptionKeys(options.dataDir, process.env.IAMFA_ENCRYPTION_KEY));
}
