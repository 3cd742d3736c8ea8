/**
 * The console's only way to the server: JSON over fetch to /console/api/. The session lives in an
 * HttpOnly cookie the page cannot read; the CSRF token is kept in memory (never in storage) and
 * sent in a header on every state change.
 */

export type Service = 'iam' | 'sts' | 'ec2';

const VERSIONS: Readonly<Record<Service, string>> = {
  iam: '2010-05-08',
  sts: '2011-06-15',
  ec2: '2016-11-15',
};

/** An error answered by the server, in AWS's words when it comes from an operation. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }

  /** Whether the caller's policies refused the operation. */
  get denied(): boolean {
    return this.code === 'AccessDenied' || this.code === 'UnauthorizedOperation';
  }
}

export type Stage = 'mfa' | 'new_password' | 'active';

export interface SessionInfo {
  readonly signedIn: boolean;
  readonly stage?: Stage;
  readonly csrfToken: string;
  readonly user?: {
    readonly userName: string;
    readonly arn: string;
    readonly accountId: string;
    readonly accountAlias: string | null;
  };
  readonly mfaAuthenticated?: boolean;
  /**
   * While MFA is due: the user's SMS device, by its phone's last digits ("•••• 0123"), and whether
   * a code texted to it is still waiting; or null.
   */
  readonly smsDevice?: { readonly phone: string; readonly codeSent: boolean } | null;
  readonly expiresAt?: string;
}

let csrfToken = '';
let onSessionEnded: () => void = () => undefined;

/** Called when the server says the session is gone (timed out, signed out elsewhere). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

async function parse(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const error = body.error as { code: string; message: string } | undefined;
  if (!response.ok || error) {
    if (error?.code === 'NotSignedIn') onSessionEnded();
    throw new ApiError(
      error?.code ?? 'HttpError',
      error?.message ?? `HTTP ${response.status}`,
      response.status,
    );
  }
  return body;
}

async function post(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`/console/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrfToken },
    body: new URLSearchParams(form).toString(),
    credentials: 'same-origin',
  });
  const body = await parse(response);
  if (typeof body.csrfToken === 'string') csrfToken = body.csrfToken;
  return body;
}

export async function getSession(): Promise<SessionInfo> {
  const body = (await parse(
    await fetch('/console/api/session', { credentials: 'same-origin' }),
  )) as unknown as SessionInfo;
  csrfToken = body.csrfToken;
  return body;
}

/** A sign-in's next stage; when the user's only MFA device is SMS, where a code was texted at once. */
export interface SignInAnswer {
  readonly stage: Stage;
  /** The phone's last digits ("•••• 0123"). */
  readonly smsSentTo?: string;
}

export async function signIn(form: {
  account: string;
  userName: string;
  password: string;
  mfaCode?: string;
}): Promise<SignInAnswer> {
  const body = await post('signin', { ...form });
  const stage = body.stage as Stage;
  return typeof body.smsSentTo === 'string' ? { stage, smsSentTo: body.smsSentTo } : { stage };
}

/**
 * Texts a new sign-in code to the SMS device of a session waiting for MFA; the phone's last
 * digits. Fails with LimitExceeded (a code went out moments ago), NoSmsDevice or ServiceFailure.
 */
export async function textSignInCode(): Promise<string> {
  return (await post('signin/mfa/sms', {})).sentTo as string;
}

export async function submitMfa(code: string): Promise<Stage> {
  return (await post('signin/mfa', { code })).stage as Stage;
}

export async function submitNewPassword(oldPassword: string, newPassword: string): Promise<Stage> {
  return (await post('signin/new-password', { oldPassword, newPassword })).stage as Stage;
}

export async function signOut(): Promise<void> {
  await post('signout', {});
}

/** Parameters in the AWS query protocol's flattened form (`InstanceId.1`, `Tags.member.1.Key`…). */
export type Params = Record<string, string | number | boolean | undefined>;

/**
 * Runs an operation as the signed-in user; its output, with members named as in the AWS API.
 * @example const { Users } = await call<{ Users: User[] }>('iam', 'ListUsers');
 */
export async function call<T = Record<string, unknown>>(
  service: Service,
  action: string,
  params: Params = {},
): Promise<T> {
  const form: Record<string, string> = { Action: action, Version: VERSIONS[service] };
  for (const [key, value] of Object.entries(params)) if (value !== undefined) form[key] = String(value);
  return (await post('call', form)).output as T;
}

export interface Finding {
  readonly severity: 'error' | 'security-warning' | 'warning' | 'suggestion';
  readonly code: string;
  readonly message: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export async function validatePolicy(document: string): Promise<Finding[]> {
  return (await post('validate-policy', { PolicyDocument: document })).findings as Finding[];
}

/** The account's audit events, latest first (needs `cloudtrail:LookupEvents`). */
export async function lookupEvents(filters: { eventName: string; errorsOnly: boolean }): Promise<unknown[]> {
  const body = await post('events', { eventName: filters.eventName, errorsOnly: String(filters.errorsOnly) });
  return body.events as unknown[];
}

/** `prefix.1`, `prefix.2`… for a list parameter. */
export function list(prefix: string, values: readonly string[]): Params {
  return Object.fromEntries(values.map((value, i) => [`${prefix}.${i + 1}`, value]));
}
