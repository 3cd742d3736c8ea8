import { RequestContext } from '../policy/index.js';

/** The principal facts AWS puts in a request's context. */
export interface ContextPrincipal {
  readonly accountId: string;
  /** An IAM user's ARN, or an assumed-role session's. */
  readonly arn: string;
  /** `aws:userid`: the user's unique id (`AIDA…`), or `AROA…:session` for a role session. */
  readonly userId?: string;
  /** `aws:username`, for IAM users only. */
  readonly userName?: string;
  readonly principalType: 'Account' | 'User' | 'AssumedRole';
  /** The principal's tags: `aws:PrincipalTag/…`. */
  readonly tags: Readonly<Record<string, string>>;
  /** For temporary credentials: when they were issued, and when MFA was checked (if it was). */
  readonly session?: { readonly issuedAt: Date; readonly mfaAuthenticatedAt?: Date | undefined } | undefined;
}

/** The request facts AWS puts in its context. */
export interface RequestFacts {
  readonly now: Date;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly userAgent: string | undefined;
  readonly requestedRegion: string;
}

/**
 * The global condition keys of a request, as AWS documents them per credential type. Long-term
 * access keys carry no MFA keys at all (so `Bool` misses them and `BoolIfExists` is needed); session
 * credentials carry `aws:MultiFactorAuthPresent` (true or false), and `aws:MultiFactorAuthAge` in
 * seconds when MFA was checked.
 *
 * @example requestContext(caller, { now, sourceIp: '127.0.0.1', secureTransport: false, userAgent, requestedRegion: 'us-east-1' })
 */
export function requestContext(principal: ContextPrincipal, request: RequestFacts): RequestContext {
  const { now } = request;
  const context = new RequestContext({
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': principal.principalType,
    'aws:userid': principal.userId,
    // Only IAM users have a user name in the context (the root's row has an internal one).
    'aws:username': principal.principalType === 'User' ? principal.userName : undefined,
    'aws:SourceIp': request.sourceIp,
    'aws:SecureTransport': request.secureTransport,
    'aws:CurrentTime': `${now.toISOString().slice(0, 19)}Z`,
    'aws:EpochTime': Math.floor(now.getTime() / 1000),
    'aws:RequestedRegion': request.requestedRegion,
    'aws:UserAgent': request.userAgent,
    'aws:ViaAWSService': false,
  });
  for (const [key, value] of Object.entries(principal.tags)) context.set(`aws:PrincipalTag/${key}`, value);
  const { session } = principal;
  if (session) {
    context.set('aws:TokenIssueTime', `${session.issuedAt.toISOString().slice(0, 19)}Z`);
    context.set('aws:MultiFactorAuthPresent', session.mfaAuthenticatedAt !== undefined);
    if (session.mfaAuthenticatedAt)
      context.set(
        'aws:MultiFactorAuthAge',
        Math.max(0, Math.floor((now.getTime() - session.mfaAuthenticatedAt.getTime()) / 1000)),
      );
  }
  return context;
}
