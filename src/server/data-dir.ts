import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
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

/** The SQLite database's name in the data directory. */
export const DATABASE_FILE = 'iamfa.db';

/**
 * The SQLite database file, created empty and owner-only if new: it holds password hashes and
 * sealed secrets, and SQLite gives its journal files the same permissions.
 */
export async function databaseFile(dir: string): Promise<string> {
  const file = join(dir, DATABASE_FILE);
  await writeFile(file, '', { mode: OWNER_ONLY, flag: 'a' });
  return file;
}

/** Where the data directory keeps its encryption keys: one per line, base64, the current first. */
export const KEY_FILE = 'encryption.key';

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must be 32 bytes, base64-encoded.`);
  return key;
}

/**
 * The keys that seal secrets at rest, the current one first: from configuration
 * (`IAMFA_ENCRYPTION_KEY`, and `IAMFA_PREVIOUS_ENCRYPTION_KEYS` while a rotation is under way), or
 * the data directory's key file, generated on first run and readable only by its owner.
 */
export async function encryptionKeys(
  dir: string,
  configured: string | undefined,
  previous: string | undefined = process.env.IAMFA_PREVIOUS_ENCRYPTION_KEYS,
): Promise<Buffer[]> {
  if (configured !== undefined)
    return [
      decodeKey(configured, 'IAMFA_ENCRYPTION_KEY'),
      ...(previous ?? '')
        .split(',')
        .filter((key) => key.trim() !== '')
        .map((key) => decodeKey(key, 'Each of IAMFA_PREVIOUS_ENCRYPTION_KEYS')),
    ];
  const file = join(dir, KEY_FILE);
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => decodeKey(line, file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const key = randomBytes(32);
    await writeDurably(file, `${key.toString('base64')}\n`, 'wx');
    return [key];
  }
}

/** Replaces the key file, atomically and durably: a crash leaves the old file or the new one. */
export async function writeKeyFile(dir: string, keys: readonly Buffer[]): Promise<void> {
  const file = join(dir, KEY_FILE);
  await writeDurably(`${file}.tmp`, keys.map((key) => `${key.toString('base64')}\n`).join(''), 'w');
  await rename(`${file}.tmp`, file);
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes the bootstrap administrator's credentials once, readable only by the owner. */
export async function writeCredentialsFile(dir: string, text: string): Promise<string> {
  const file = join(dir, 'admin-credentials');
  await writeDurably(file, text, 'w');
  return file;
}
