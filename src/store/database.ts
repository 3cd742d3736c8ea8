import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Portable across SQLite and PostgreSQL: timestamps are ISO 8601
 * text (UTC, millisecond precision), booleans are 0/1 integers, documents are text.
 * Names are unique per account without regard to case (`name_key` is the lower-cased name), as
 * IAM's are; the name keeps the case it was created with.
 */

export interface AccountsTable {
  id: string;
  alias: string | null;
  /** The account password policy as JSON (null: none set). */
  password_policy: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  account_id: string;
  name: string;
  name_key: string;
  path: string;
  arn: string;
  permissions_boundary: string | null;
  created_at: string;
  password_last_used: string | null;
}

export interface GroupsTable {
  id: string;
  account_id: string;
  name: string;
  name_key: string;
  path: string;
  arn: string;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  /** Insertion order, for stable listings. */
  seq: Generated<number>;
}

/** Customer managed policies (AWS managed ones come from the read-only catalog). */
export interface PoliciesTable {
  id: string;
  account_id: string;
  name: string;
  name_key: string;
  path: string;
  arn: string;
  description: string | null;
  default_version: string;
  /** The number of the next version to create (v1, v2, …; never reused). */
  next_version: number;
  created_at: string;
  updated_at: string;
}

export interface PolicyVersionsTable {
  policy_id: string;
  version_id: string;
  document: string;
  created_at: string;
}

export type PrincipalKind = 'user' | 'group' | 'role';

export interface AttachmentsTable {
  account_id: string;
  principal_kind: PrincipalKind;
  principal_id: string;
  policy_arn: string;
  seq: Generated<number>;
}

export interface InlinePoliciesTable {
  principal_kind: PrincipalKind;
  principal_id: string;
  name: string;
  document: string;
}

export interface TagsTable {
  /** The tagged entity's id (user, policy, …). */
  resource_id: string;
  key: string;
  value: string;
  seq: Generated<number>;
}

export interface LoginProfilesTable {
  user_id: string;
  password_hash: string;
  password_reset_required: number;
  created_at: string;
  /** When the password was last set (expiry under the password policy counts from here). */
  password_set_at: string;
}

export interface PasswordHistoryTable {
  user_id: string;
  password_hash: string;
  created_at: string;
}

export interface AccessKeysTable {
  id: string;
  account_id: string;
  user_id: string;
  /** The secret access key, encrypted (AES-256-GCM). */
  secret: string;
  status: 'Active' | 'Inactive';
  created_at: string;
  last_used_at: string | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

export interface SshPublicKeysTable {
  id: string;
  user_id: string;
  body: string;
  fingerprint: string;
  status: 'Active' | 'Inactive';
  uploaded_at: string;
}

export interface SigningCertificatesTable {
  id: string;
  user_id: string;
  body: string;
  status: 'Active' | 'Inactive';
  uploaded_at: string;
}

export interface ServiceCredentialsTable {
  id: string;
  user_id: string;
  service_name: string;
  service_user_name: string;
  /** The generated password, encrypted (AES-256-GCM). */
  password: string;
  status: 'Active' | 'Inactive';
  created_at: string;
}

/** Temporary credentials from STS GetSessionToken; `id` is the access key id (`ASIA…`). */
export interface SessionsTable {
  id: string;
  account_id: string;
  user_id: string;
  /** The secret access key, encrypted (AES-256-GCM) under the key id. */
  secret: string;
  /** SHA-256 of the session token, hex: the token itself is never stored. */
  token_hash: string;
  issued_at: string;
  expires_at: string;
  /** When MFA was checked for this session (null: it was not). */
  mfa_authenticated_at: string | null;
}

/** IAM roles; the trust policy is `assume_role_policy`. */
export interface RolesTable {
  id: string;
  account_id: string;
  name: string;
  name_key: string;
  path: string;
  arn: string;
  assume_role_policy: string;
  description: string | null;
  /** The longest AssumeRole session, in seconds (3600–43200). */
  max_session_duration: number;
  /** The ARN of the managed policy that is the role's permissions boundary, if any. */
  permissions_boundary: string | null;
  created_at: string;
}

/** Temporary credentials from STS AssumeRole; `id` is the access key id (`ASIA…`). */
export interface RoleSessionsTable {
  id: string;
  account_id: string;
  role_id: string;
  session_name: string;
  /** The secret access key, encrypted (AES-256-GCM) under the key id. */
  secret: string;
  /** SHA-256 of the session token, hex. */
  token_hash: string;
  issued_at: string;
  expires_at: string;
  mfa_authenticated_at: string | null;
  /** The inline session policy passed as `Policy`, as given. */
  session_policy: string | null;
  /** The managed session policies passed as `PolicyArns`, as a JSON array of ARNs. */
  session_policy_arns: string | null;
}

/** The one code an SMS device is waiting for, single use (accepting it deletes the row). */
export interface SmsMfaCodesTable {
  serial_number: string;
  account_id: string;
  user_id: string;
  purpose: 'register' | 'sign-in';
  /** `{"code":…,"phoneNumber":…}`, encrypted (AES-256-GCM) under the serial number. */
  secret: string;
  expires_at: string;
  created_at: string;
}

/** The development SMS sender's outbox. */
export interface SmsOutboxTable {
  id: string;
  /** `{"to":…,"body":…}`, encrypted (AES-256-GCM) under the id. */
  message: string;
  created_at: string;
}

/** The one code an SMS device is waiting for, single use (accepting it deletes the row). */
export interface SmsMfaCodesTable {
  serial_number: string;
  account_id: string;
  user_id: string;
  purpose: 'register' | 'sign-in';
  /** `{"code":…,"phoneNumber":…}`, encrypted (AES-256-GCM) under the serial number. */
  secret: string;
  expires_at: string;
  created_at: string;
}

/** The development SMS sender's outbox. */
export interface SmsOutboxTable {
  id: string;
  /** `{"to":…,"body":…}`, encrypted (AES-256-GCM) under the id. */
  message: string;
  created_at: string;
}

/** MFA devices (virtual, hardware TOTP, SMS); a virtual device's serial number is its ARN. */
export interface MfaDevicesTable {
  serial_number: string;
  account_id: string;
  name: string;
  name_key: string;
  path: string;
  /**
   * The device's secret, encrypted (AES-256-GCM) under the serial number: the TOTP seed (hex), or
   * for an SMS device (an `sms-mfa/` serial number) the phone number its codes are texted to.
   */
  seed: string;
  /** The user the device is assigned to (null: unassigned). */
  user_id: string | null;
  enabled_at: string | null;
  /** The device clock's offset from the server's, in time steps. */
  drift: Generated<number>;
  created_at: string;
}

/** Time steps a device has accepted a code for: each at most once (the primary key). */
export interface MfaUsedStepsTable {
  serial_number: string;
  step: number;
  used_at: string;
}

/** Consecutive MFA code failures per user (reset on success). */
export interface MfaFailuresTable {
  user_id: string;
  count: number;
  last_failure_at: string;
}

/** One row: bumped by triggers on every write that can change a principal's policies. */
export interface PolicyGenerationTable {
  id: number;
  value: number;
}

/** The states an instance settles in; the transient ones are derived from `state_changed_at`. */
export type Ec2SettledState = 'running' | 'stopped' | 'terminated';

export interface Ec2InstancesTable {
  /** Launch order, for stable listings and pagination. */
  seq: Generated<number>;
  id: string;
  account_id: string;
  region: string;
  reservation_id: string;
  image_id: string;
  instance_type: string;
  key_name: string | null;
  availability_zone: string;
  private_ip: string;
  /** Its position among the instances of one RunInstances call. */
  launch_index: number;
  state: Ec2SettledState;
  state_changed_at: string;
  launched_at: string;
}

export interface Ec2TagsTable {
  resource_id: string;
  key: string;
  value: string;
}

/** One audit event: the CloudTrail-style record as JSON, and its place in the hash chain. */
export interface AuditEventsTable {
  /** Its position in the chain, from 1. */
  seq: number;
  event_time: string;
  account_id: string | null;
  event_source: string;
  event_name: string;
  principal_arn: string | null;
  access_key_id: string | null;
  error_code: string | null;
  record: string;
  /** SHA-256 (hex) of the previous event's hash and this record. */
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  length: number;
  hash: string;
}

/** Web console sessions; the identifier is known only by its SHA-256 (hex). */
export interface ConsoleSessionsTable {
  id_hash: string;
  account_id: string;
  user_id: string;
  /** What the session lacks before it may act. */
  stage: 'mfa' | 'new_password' | 'active';
  /** The token every state-changing request must echo (double submit, bound to the session). */
  csrf_token: string;
  issued_at: string;
  last_seen_at: string;
  /** The absolute end of the session, whatever its activity. */
  expires_at: string;
  mfa_authenticated_at: string | null;
  source_ip: string;
}

/** Consecutive console sign-in failures, by `user:ACCOUNT/name` or `ip:ADDRESS` (reset on success). */
export interface ConsoleSigninFailuresTable {
  key: string;
  count: number;
  last_failure_at: string;
}

/** The account's credential report: under way while `generated_at` is null; `content` is the CSV. */
export interface CredentialReportsTable {
  account_id: string;
  started_at: string;
  generated_at: string | null;
  content: string | null;
}

export interface Database {
  accounts: AccountsTable;
  policy_generation: PolicyGenerationTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  attachments: AttachmentsTable;
  inline_policies: InlinePoliciesTable;
  tags: TagsTable;
  login_profiles: LoginProfilesTable;
  password_history: PasswordHistoryTable;
  access_keys: AccessKeysTable;
  ssh_public_keys: SshPublicKeysTable;
  signing_certificates: SigningCertificatesTable;
  service_credentials: ServiceCredentialsTable;
  sessions: SessionsTable;
  roles: RolesTable;
  role_sessions: RoleSessionsTable;
  mfa_devices: MfaDevicesTable;
  mfa_used_steps: MfaUsedStepsTable;
  mfa_failures: MfaFailuresTable;
  ec2_instances: Ec2InstancesTable;
  ec2_tags: Ec2TagsTable;
  console_sessions: ConsoleSessionsTable;
  console_signin_failures: ConsoleSigninFailuresTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  credential_reports: CredentialReportsTable;
  sms_mfa_codes: SmsMfaCodesTable;
  sms_outbox: SmsOutboxTable;
}
