import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Files in the data directory that only the owner may read. */
const OWNER_ONLY = 0o600;

/**
 * Writes a small file and forces it, and its directory entry, to disk: the key and the credentials
 * must survive whatever the database (synchronous=FULL) survives.
 */
async function writeDurably(file: string, text: string, flag: 'w' | 'wx'): Promise<void> {
  const handle = await open(file, flag, OWNER_ONLY);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

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
    await writeDurably(file, `${key.toString('base64')}\n`, 'wx');
    return key;
  }
}

/** Writes the bootstrap administrator's credentials once, readable only by the owner. */
export async function writeCredentialsFile(dir: string, text: string): Promise<string> {
  const file = join(dir, 'admin-credentials');
  await writeDurably(file, text, 'w');
  return file;
}
