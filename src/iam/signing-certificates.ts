import { X509Certificate } from 'node:crypto';
import { lockUserCredentials } from '../store/access-keys.js';
import {
  accountCertificateBodies,
  deleteSigningCertificate as deleteSigningCertificateRow,
  insertSigningCertificate,
  listSigningCertificates as listSigningCertificateRows,
  setSigningCertificateStatus,
  type SigningCertificateRow,
} from '../store/signing-certificates.js';
import type { Tx } from '../store/store.js';
import type { CredentialStatus } from './access-keys.js';
import { IAM_QUOTAS, quotaExceeded } from './account.js';
import { IamError } from './errors.js';
import { newId } from './ids.js';
import { requireUser } from './principals.js';

/** The `SigningCertificate` structure. */
export interface SigningCertificate {
  UserName: string;
  CertificateId: string;
  CertificateBody: string;
  Status: CredentialStatus;
  UploadDate: string;
}

const ONE_PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----$/;

function malformed(body: string): IamError {
  // AWS quotes the body back; not if it holds a private key, which must never reach a log.
  const quoted = /PRIVATE KEY/i.test(body) ? 'body' : body;
  return new IamError('MalformedCertificate', `Certificate ${quoted} is malformed.`);
}

/**
 * The certificate in `body`, which must be exactly one PEM certificate, currently valid:
 * `MalformedCertificate` otherwise.
 */
export function parseSigningCertificate(body: string, now: Date): X509Certificate {
  const text = body.trim();
  if (!ONE_PEM_CERTIFICATE.test(text)) throw malformed(body);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(text);
  } catch {
    throw malformed(body);
  }
  if (Date.parse(cert.validTo) < now.getTime()) {
    throw new IamError(
      'MalformedCertificate',
      `The certificate expired on ${new Date(cert.validTo).toISOString()}.`,
    );
  }
  return cert;
}

function noSuchCertificate(certificateId: string): IamError {
  return new IamError('NoSuchEntity', `The Certificate with id ${certificateId} cannot be found.`);
}

function shape(row: SigningCertificateRow, userName: string): SigningCertificate {
  return {
    UserName: userName,
    CertificateId: row.id,
    CertificateBody: row.body,
    Status: row.status,
    UploadDate: row.uploaded_at,
  };
}

/**
 * Uploads an X.509 signing certificate for the user: active, at most two per user, and not one any
 * user of the account already has.
 */
export async function uploadSigningCertificate(
  tx: Tx,
  accountId: string,
  userName: string,
  body: string,
  now: Date,
): Promise<SigningCertificate> {
  const user = await requireUser(tx, accountId, userName);
  const cert = parseSigningCertificate(body, now);
  await lockUserCredentials(tx, user.id);
  for (const other of await accountCertificateBodies(tx, accountId)) {
    if (new X509Certificate(other.trim()).fingerprint256 === cert.fingerprint256) {
      throw new IamError(
        'DuplicateCertificate',
        'The certificate is already associated with a user in this account.',
      );
    }
  }
  const limit = IAM_QUOTAS.SigningCertificatesPerUserQuota;
  if ((await listSigningCertificateRows(tx, user.id)).length >= limit) {
    throw quotaExceeded('CertificatesPerUser', limit);
  }
  const row: SigningCertificateRow = {
    id: newId('ASCA'),
    user_id: user.id,
    body,
    status: 'Active',
    uploaded_at: now.toISOString(),
  };
  await insertSigningCertificate(tx, row);
  return shape(row, user.name);
}

/** The user's signing certificates, oldest first. */
export async function listSigningCertificates(
  tx: Tx,
  accountId: string,
  userName: string,
): Promise<SigningCertificate[]> {
  const user = await requireUser(tx, accountId, userName);
  return (await listSigningCertificateRows(tx, user.id)).map((row) => shape(row, user.name));
}

export async function updateSigningCertificate(
  tx: Tx,
  accountId: string,
  userName: string,
  certificateId: string,
  status: CredentialStatus,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await setSigningCertificateStatus(tx, user.id, certificateId, status))) {
    throw noSuchCertificate(certificateId);
  }
}

export async function deleteSigningCertificate(
  tx: Tx,
  accountId: string,
  userName: string,
  certificateId: string,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await deleteSigningCertificateRow(tx, user.id, certificateId)))
    throw noSuchCertificate(certificateId);
}
