import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import { lockUserCredentials } from '../store/access-keys.js';
import {
  deleteServiceCredential,
  findServiceCredential,
  insertServiceCredential,
  listServiceCredentials,
  setServiceCredentialPassword,
  setServiceCredentialStatus,
  type ServiceCredentialRow,
} from '../store/service-credentials.js';
import type { Tx } from '../store/store.js';
import type { CredentialStatus } from './access-keys.js';
import { quotaExceeded } from './account.js';
import { IamError } from './errors.js';
import { newId } from './ids.js';
import { requireUser } from './principals.js';

/** The services IAM issues service-specific credentials for. */
export const SERVICES_WITH_SPECIFIC_CREDENTIALS: ReadonlySet<string> = new Set([
  'codecommit.amazonaws.com',
  'cassandra.amazonaws.com',
]);

/** "You can have a maximum of two sets of service-specific credentials for each supported service per user." */
export const SERVICE_CREDENTIALS_PER_USER_PER_SERVICE = 2;

/** The `ServiceSpecificCredentialMetadata` structure, as listings show credentials. */
export interface ServiceSpecificCredentialMetadata {
  UserName: string;
  Status: CredentialStatus;
  ServiceUserName: string;
  CreateDate: string;
  ServiceSpecificCredentialId: string;
  ServiceName: string;
}

/** The `ServiceSpecificCredential` structure: with the password, shown only on create and reset. */
export interface ServiceSpecificCredential extends ServiceSpecificCredentialMetadata {
  ServicePassword: string;
}

function checkService(serviceName: string): void {
  // AWS answers NoSuchEntity here, not the model's NotSupportedService.
  if (!SERVICES_WITH_SPECIFIC_CREDENTIALS.has(serviceName)) {
    throw new IamError(
      'NoSuchEntity',
      `No such service ${serviceName} is supported for Service Specific Credentials`,
    );
  }
}

/** 44 random bytes in base64: 60 characters ending in `=`, as IAM's look. */
function newServicePassword(): string {
  return randomBytes(44).toString('base64');
}

function metadata(row: ServiceCredentialRow, userName: string): ServiceSpecificCredentialMetadata {
  return {
    UserName: userName,
    Status: row.status,
    ServiceUserName: row.service_user_name,
    CreateDate: row.created_at,
    ServiceSpecificCredentialId: row.id,
    ServiceName: row.service_name,
  };
}

async function requireCredential(
  tx: Tx,
  userId: string,
  credentialId: string,
): Promise<ServiceCredentialRow> {
  const row = await findServiceCredential(tx, userId, credentialId);
  if (!row) throw new IamError('NoSuchEntity', `No such credential ${credentialId} exists`);
  return row;
}

/**
 * Creates a user name and password for one service (at most two per service per user). The user
 * name is `<user>-at-<account>`, then `<user>+1-at-<account>` for a second one; the password is
 * returned here and on reset only, and stored sealed under the credential id.
 */
export async function createServiceSpecificCredential(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  userName: string,
  serviceName: string,
  now: Date,
): Promise<ServiceSpecificCredential> {
  const user = await requireUser(tx, accountId, userName);
  checkService(serviceName);
  await lockUserCredentials(tx, user.id);
  const existing = await listServiceCredentials(tx, user.id, serviceName);
  if (existing.length >= SERVICE_CREDENTIALS_PER_USER_PER_SERVICE) {
    throw quotaExceeded(
      'ServiceSpecificCredentialsPerUserPerService',
      SERVICE_CREDENTIALS_PER_USER_PER_SERVICE,
    );
  }
  const taken = new Set(existing.map((c) => c.service_user_name));
  let serviceUserName = `${user.name}-at-${accountId}`;
  for (let n = 1; taken.has(serviceUserName); n++) serviceUserName = `${user.name}+${n}-at-${accountId}`;
  const id = newId('ACCA');
  const password = newServicePassword();
  const row: ServiceCredentialRow = {
    id,
    user_id: user.id,
    service_name: serviceName,
    service_user_name: serviceUserName,
    password: secrets.seal(password, id),
    status: 'Active',
    created_at: now.toISOString(),
  };
  await insertServiceCredential(tx, row);
  return { ...metadata(row, user.name), ServicePassword: password };
}

/** The user's service-specific credentials, for one service or all, without passwords. */
export async function listServiceSpecificCredentials(
  tx: Tx,
  accountId: string,
  userName: string,
  serviceName?: string,
): Promise<ServiceSpecificCredentialMetadata[]> {
  const user = await requireUser(tx, accountId, userName);
  if (serviceName !== undefined) checkService(serviceName);
  return (await listServiceCredentials(tx, user.id, serviceName)).map((row) => metadata(row, user.name));
}

/** Replaces the credential's password with a new generated one, which is returned; the old one stops working. */
export async function resetServiceSpecificCredential(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  userName: string,
  credentialId: string,
): Promise<ServiceSpecificCredential> {
  const user = await requireUser(tx, accountId, userName);
  const row = await requireCredential(tx, user.id, credentialId);
  const password = newServicePassword();
  await setServiceCredentialPassword(tx, row.id, secrets.seal(password, row.id));
  return { ...metadata(row, user.name), ServicePassword: password };
}

export async function updateServiceSpecificCredential(
  tx: Tx,
  accountId: string,
  userName: string,
  credentialId: string,
  status: CredentialStatus,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const row = await requireCredential(tx, user.id, credentialId);
  await setServiceCredentialStatus(tx, row.id, status);
}

export async function deleteServiceSpecificCredential(
  tx: Tx,
  accountId: string,
  userName: string,
  credentialId: string,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const row = await requireCredential(tx, user.id, credentialId);
  await deleteServiceCredential(tx, row.id);
}
