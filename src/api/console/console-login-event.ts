import type { FastifyRequest } from 'fastify';
import { HIDDEN, type AuditEvent } from '../../audit/event.js';
import type { ConsoleSession } from '../../iam/console-sessions.js';

/**
 * A console sign-in as CloudTrail records it: `ConsoleLogin` from signin.amazonaws.com, Success or
 * Failure, and whether MFA was used. A failed sign-in names no user: what was typed as a user name
 * may be a password, so CloudTrail hides it.
 */
export function consoleLoginEvent(
  request: FastifyRequest,
  result: { readonly session: ConsoleSession } | { readonly failure: string },
  mfaUsed: boolean,
  now: Date,
): Omit<AuditEvent, 'eventID'> {
  const session = 'session' in result ? result.session : undefined;
  return {
    eventVersion: '1.08',
    eventTime: `${now.toISOString().slice(0, 19)}Z`,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    userIdentity: session
      ? {
          type: 'IAMUser',
          principalId: session.userId,
          arn: session.userArn,
          accountId: session.accountId,
          userName: session.userName,
        }
      : { type: 'IAMUser', userName: HIDDEN },
    requestParameters: null,
    responseElements: { ConsoleLogin: session ? 'Success' : 'Failure' },
    additionalEventData: {
      LoginTo: `${request.protocol}://${request.host}/console/`,
      MobileVersion: 'No',
      MFAUsed: mfaUsed ? 'Yes' : 'No',
    },
    ...('failure' in result && { errorMessage: result.failure }),
    requestID: request.id,
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    ...(session && { recipientAccountId: session.accountId }),
  };
}
