/**
 * Audit events in the shape of AWS CloudTrail records (eventVersion 1.08), so that tools and people
 * who read CloudTrail read these: who (userIdentity), what (eventSource, eventName,
 * requestParameters with secrets hidden), from where (sourceIPAddress, userAgent), when, and how it
 * ended (errorCode, errorMessage). iamfa adds the authorization checks each call was decided on.
 */

export interface SessionContext {
  readonly attributes: { readonly creationDate: string; readonly mfaAuthenticated: 'true' | 'false' };
  readonly sessionIssuer?: {
    readonly type: 'Role';
    readonly principalId: string;
    readonly arn: string;
    readonly accountId: string;
    readonly userName: string;
  };
}

export interface UserIdentity {
  readonly type: 'IAMUser' | 'AssumedRole' | 'Root' | 'Unknown';
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly sessionContext?: SessionContext;
}

export interface AuditEvent {
  readonly eventVersion: '1.08';
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
  readonly userIdentity: UserIdentity;
  readonly requestParameters: Readonly<Record<string, unknown>> | null;
  /** CloudTrail records no API response (they hold the secrets created); ConsoleLogin its result. */
  readonly responseElements: { readonly ConsoleLogin: 'Success' | 'Failure' } | null;
  readonly additionalEventData?: Readonly<Record<string, unknown>>;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestID: string;
  readonly eventID: string;
  readonly eventType: 'AwsApiCall' | 'AwsConsoleSignIn';
  readonly readOnly: boolean;
  readonly recipientAccountId?: string;
}

/** CloudTrail's placeholder for values it does not record. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Whether an API action only reads, as CloudTrail's `readOnly` says (Get…, List…, Describe…). */
export function isReadOnly(eventName: string): boolean {
  return /^(Get|List|Describe|Simulate)/.test(eventName);
}
