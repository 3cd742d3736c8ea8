import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Files in the data directory that only the owner may read. */
const OWNER_ONLY = 0o600;

/** Creates the data directory (owner-only) if it does not exist yet. */
export async function ensureDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * The SQLite database file, created empty and owner-only if new: it holds password hashes and
 * sealed secrets, and SQLite gives its journal files the same permissions.
 */
export async function databaseFile(dir: string): Promise<string> {
  const file = join(dir, 'iamfa.db');
  await writeFile(file, '', { mode: OWNER_ONLY, flag: 'a' });
  return file;
}

/**
 * The 32-byte key that seals secrets at rest: from configuration (base64), or the data directory's
 * key file, generated on first run and readable only by its owner.
 */
export async function encryptionKey(dir: string, configured: string | undefined): Promise<Buffer> {
  if (configured !== undefined) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('IAMFA_ENCRYPTION_KEY must be 32 bytes, base64-encoded.');
    return key;
  }
  const file = join(dir, 'encryption.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const key = randomBytes(32);
    await writeFile(file, `${key.toString('base64')}\n`, { mode: OWNER_ONLY, flag: 'wx' });
    return key;
  }
}

/** Writes the bootstrap administrator's credentials once, readable only by the owner. */
export async function writeCredentialsFile(dir: string, text: string): Promise<string> {
  const file = join(dir, 'admin-credentials');
  await writeFile(file, text, { mode: OWNER_ONLY });
  return file;
}
