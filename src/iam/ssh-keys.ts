import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { lockUserCredentials } from '../store/access-keys.js';
import {
  deleteSshPublicKey as deleteSshPublicKeyRow,
  findSshPublicKey,
  insertSshPublicKey,
  listSshPublicKeys as listSshPublicKeyRows,
  setSshPublicKeyStatus,
  type SshPublicKeyRow,
} from '../store/ssh-keys.js';
import type { Tx } from '../store/store.js';
import type { CredentialStatus } from './access-keys.js';
import { quotaExceeded } from './account.js';
import { IamError } from './errors.js';
import { newId } from './ids.js';
import { requireUser } from './principals.js';

/** IAM's quota of SSH public keys per user. */
export const SSH_PUBLIC_KEYS_PER_USER = 5;

/** The `SSHPublicKeyMetadata` structure, as ListSSHPublicKeys shows keys. */
export interface SshPublicKeyMetadata {
  UserName: string;
  SSHPublicKeyId: string;
  Status: CredentialStatus;
  UploadDate: string;
}

/** The `SSHPublicKey` structure. */
export interface SshPublicKey extends SshPublicKeyMetadata {
  Fingerprint: string;
  SSHPublicKeyBody: string;
}

export type SshKeyEncoding = 'SSH' | 'PEM';

type SshKeyType =
  'ssh-rsa' | 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521';

/** A public key read from an upload: what it is, in both encodings' terms. */
export interface ParsedPublicKey {
  readonly type: SshKeyType;
  readonly key: KeyObject;
  /** The key in the SSH wire format (RFC 4253 §6.6), as the base64 part of an OpenSSH line. */
  readonly blob: Buffer;
  /** How it was uploaded. */
  readonly encoding: SshKeyEncoding;
}

// "The public key must be encoded in ssh-rsa format or PEM format. The minimum bit-length of the
// public key is 2048 bits." (IAM API Reference, UploadSSHPublicKey). Other key types are parsed and
// checked, then refused as AWS refuses them; add them here to accept them.
const ACCEPTED_TYPES: ReadonlySet<SshKeyType> = new Set(['ssh-rsa']);
const MINIMUM_RSA_BITS = 2048;

const EC_CURVES = {
  'ecdsa-sha2-nistp256': { name: 'nistp256', jwk: 'P-256', size: 32 },
  'ecdsa-sha2-nistp384': { name: 'nistp384', jwk: 'P-384', size: 48 },
  'ecdsa-sha2-nistp521': { name: 'nistp521', jwk: 'P-521', size: 66 },
} as const;

const OPENSSH_LINE =
  /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521))[ \t]+([A-Za-z0-9+/]+={0,2})(?:[ \t][^\r\n]*)?$/;
const PEM_PUBLIC_KEY =
  /^-----BEGIN (RSA )?PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1PUBLIC KEY-----$/;

function unrecognized(message = 'Invalid public key uploaded.'): IamError {
  return new IamError('UnrecognizedPublicKeyEncoding', message);
}

function invalid(message = 'The public key is malformed.'): IamError {
  return new IamError('InvalidPublicKey', message);
}

/**
 * Reads an uploaded SSH public key: an OpenSSH line (`ssh-rsa AAAA… comment`) or a PEM public key
 * (SPKI or PKCS#1). Private keys and certificates are refused, never parsed for their public half.
 */
export function parsePublicKey(body: string): ParsedPublicKey {
  const text = body.trim();
  const line = OPENSSH_LINE.exec(text);
  if (line) return parseOpenSsh(line[1] as SshKeyType, line[2] as string);
  if (PEM_PUBLIC_KEY.test(text)) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw invalid();
    }
    const { type, blob } = sshWireFormat(key);
    return { type, key, blob, encoding: 'PEM' };
  }
  throw unrecognized();
}

function parseOpenSsh(type: SshKeyType, base64: string): ParsedPublicKey {
  const blob = Buffer.from(base64, 'base64');
  if (blob.toString('base64') !== base64) throw invalid();
  let key: KeyObject;
  try {
    const reader = new WireReader(blob);
    if (reader.string().toString('latin1') !== type) throw invalid();
    key = createPublicKey({ key: jwkFromWire(type, reader), format: 'jwk' });
  } catch {
    throw invalid();
  }
  // Re-encoding must give back the very bytes uploaded: no trailing data, no padded integers.
  if (!sshWireFormat(key).blob.equals(blob)) throw invalid();
  return { type, key, blob, encoding: 'SSH' };
}

function jwkFromWire(type: SshKeyType, reader: WireReader): JsonWebKey {
  if (type === 'ssh-rsa') {
    const e = reader.string();
    const n = reader.string();
    return { kty: 'RSA', e: unsigned(e).toString('base64url'), n: unsigned(n).toString('base64url') };
  }
  if (type === 'ssh-ed25519') {
    const x = reader.string();
    if (x.length !== 32) throw new Error('bad ed25519 key');
    return { kty: 'OKP', crv: 'Ed25519', x: x.toString('base64url') };
  }
  const curve = EC_CURVES[type];
  if (reader.string().toString('latin1') !== curve.name) throw new Error('curve mismatch');
  const q = reader.string();
  if (q.length !== 1 + 2 * curve.size || q[0] !== 4) throw new Error('bad point');
  return {
    kty: 'EC',
    crv: curve.jwk,
    x: q.subarray(1, 1 + curve.size).toString('base64url'),
    y: q.subarray(1 + curve.size).toString('base64url'),
  };
}

/** A key in the SSH wire format. */
function sshWireFormat(key: KeyObject): { type: SshKeyType; blob: Buffer } {
  const jwk = key.export({ format: 'jwk' });
  if (key.asymmetricKeyType === 'rsa' && jwk.e && jwk.n) {
    const type = 'ssh-rsa';
    return { type, blob: wire(type, mpint(jwk.e), mpint(jwk.n)) };
  }
  if (key.asymmetricKeyType === 'ed25519' && jwk.x) {
    const type = 'ssh-ed25519';
    return { type, blob: wire(type, Buffer.from(jwk.x, 'base64url')) };
  }
  if (key.asymmetricKeyType === 'ec' && jwk.x && jwk.y) {
    const entry = Object.entries(EC_CURVES).find(([, c]) => c.jwk === jwk.crv);
    if (entry) {
      const [type, curve] = entry as [SshKeyType, (typeof EC_CURVES)[keyof typeof EC_CURVES]];
      const point = Buffer.concat([
        Buffer.of(4),
        Buffer.from(jwk.x, 'base64url'),
        Buffer.from(jwk.y, 'base64url'),
      ]);
      return { type, blob: wire(type, Buffer.from(curve.name, 'latin1'), point) };
    }
  }
  throw unrecognized(`Public keys of this type (${key.asymmetricKeyType ?? 'unknown'}) are not supported.`);
}

function wire(type: string, ...fields: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(type, 'latin1'), ...fields].flatMap((f) => [uint32(f.length), f]));
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** An RFC 4251 mpint of a non-negative base64url integer: minimal, with a 0 byte if the top bit is set. */
function mpint(base64url: string): Buffer {
  const bytes = unsigned(Buffer.from(base64url, 'base64url'));
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
}

function unsigned(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

class WireReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  string(): Buffer {
    if (this.offset + 4 > this.buffer.length) throw new Error('truncated');
    const length = this.buffer.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.buffer.length) throw new Error('truncated');
    this.offset = start + length;
    return this.buffer.subarray(start, this.offset);
  }
}

/** The MD5 fingerprint of a key's SSH wire format, as `ssh-keygen -l -E md5` prints it. */
export function md5Fingerprint(blob: Buffer): string {
  return (createHash('md5').update(blob).digest('hex').match(/../g) as string[]).join(':');
}

/** The key in the encoding asked for: as uploaded when that is the encoding, else converted. */
export function encodePublicKey(body: string, encoding: SshKeyEncoding): string {
  const parsed = parsePublicKey(body);
  if (parsed.encoding === encoding) return body;
  return encoding === 'SSH'
    ? `${parsed.type} ${parsed.blob.toString('base64')}`
    : (parsed.key.export({ type: 'spki', format: 'pem' }) as string);
}

function noSuchKey(keyId: string): IamError {
  return new IamError('NoSuchEntity', `The Public Key with id ${keyId} cannot be found.`);
}

function shape(row: SshPublicKeyRow, userName: string, encoding: SshKeyEncoding | undefined): SshPublicKey {
  return {
    UserName: userName,
    SSHPublicKeyId: row.id,
    Fingerprint: row.fingerprint,
    SSHPublicKeyBody: encoding === undefined ? row.body : encodePublicKey(row.body, encoding),
    Status: row.status,
    UploadDate: row.uploaded_at,
  };
}

/**
 * Uploads an SSH public key for the user (CodeCommit's use): an RSA key of at least 2048 bits,
 * OpenSSH or PEM, not already the user's, within the quota of five.
 */
export async function uploadSshPublicKey(
  tx: Tx,
  accountId: string,
  userName: string,
  body: string,
  now: Date,
): Promise<SshPublicKey> {
  const user = await requireUser(tx, accountId, userName);
  const parsed = parsePublicKey(body);
  if (!ACCEPTED_TYPES.has(parsed.type)) {
    throw unrecognized(`Public keys of type ${parsed.type} are not supported; use an RSA key.`);
  }
  const bits = parsed.key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MINIMUM_RSA_BITS) {
    throw invalid(`The public key is ${bits} bits long; the minimum is ${MINIMUM_RSA_BITS}.`);
  }
  await lockUserCredentials(tx, user.id);
  const existing = await listSshPublicKeyRows(tx, user.id);
  const fingerprint = md5Fingerprint(parsed.blob);
  if (existing.some((k) => k.fingerprint === fingerprint)) {
    throw new IamError('DuplicateSSHPublicKey', 'The SSH public key is already associated with the user.');
  }
  if (existing.length >= SSH_PUBLIC_KEYS_PER_USER) {
    throw quotaExceeded('SSHPublicKeysPerUser', SSH_PUBLIC_KEYS_PER_USER);
  }
  const row: SshPublicKeyRow = {
    id: newId('APKA'),
    user_id: user.id,
    body: body.trim(),
    fingerprint,
    status: 'Active',
    uploaded_at: now.toISOString(),
  };
  await insertSshPublicKey(tx, row);
  return shape(row, user.name, undefined);
}

/** One of the user's keys, its body in the encoding asked for. */
export async function getSshPublicKey(
  tx: Tx,
  accountId: string,
  userName: string,
  keyId: string,
  encoding: SshKeyEncoding,
): Promise<SshPublicKey> {
  const user = await requireUser(tx, accountId, userName);
  const row = await findSshPublicKey(tx, user.id, keyId);
  if (!row) throw noSuchKey(keyId);
  return shape(row, user.name, encoding);
}

/** The user's SSH public keys, oldest first. */
export async function listSshPublicKeys(
  tx: Tx,
  accountId: string,
  userName: string,
): Promise<SshPublicKeyMetadata[]> {
  const user = await requireUser(tx, accountId, userName);
  return (await listSshPublicKeyRows(tx, user.id)).map((row) => ({
    UserName: user.name,
    SSHPublicKeyId: row.id,
    Status: row.status,
    UploadDate: row.uploaded_at,
  }));
}

export async function updateSshPublicKey(
  tx: Tx,
  accountId: string,
  userName: string,
  keyId: string,
  status: CredentialStatus,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await setSshPublicKeyStatus(tx, user.id, keyId, status))) throw noSuchKey(keyId);
}

export async function deleteSshPublicKey(
  tx: Tx,
  accountId: string,
  userName: string,
  keyId: string,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await deleteSshPublicKeyRow(tx, user.id, keyId))) throw noSuchKey(keyId);
}
