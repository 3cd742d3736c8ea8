import { HIDDEN, isReadOnly, type AuditEvent, type UserIdentity } from '../audit/event.js';
import type { AuthorizationCheck } from './authorization.js';
import type { Caller } from './operation.js';
import type { Outcome, QueryService } from './query-service.js';
import { shapeOf, type ServiceModel, type Shape } from './query/index.js';
import type { WireRequest } from './wire.js';

/**
 * An API call as an audit event. The request parameters are the decoded input with CloudTrail's
 * lowerCamel names, and every value of a shape the model marks sensitive (passwords, secrets,
 * private keys) or that is a one-time code or session token replaced by CloudTrail's placeholder:
 * no secret reaches the trail. Responses are not recorded (they hold the secrets created).
 */
export interface ApiCall {
  readonly service: QueryService;
  readonly action: string;
  readonly caller: Caller | undefined;
  /** The access key the request named, when authentication failed. */
  readonly accessKeyId?: string | undefined;
  readonly request: WireRequest;
  readonly requestId: string;
  readonly input: Readonly<Record<string, unknown>> | undefined;
  readonly checks: readonly AuthorizationCheck[] | undefined;
  readonly outcome: Outcome;
  readonly time: Date;
}

/** Shapes holding secrets that the models do not mark sensitive: MFA codes and session tokens. */
const SECRET_SHAPES: ReadonlySet<string> = new Set(['authenticationCodeType', 'tokenCodeType', 'tokenType']);

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function redact(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const shape: Shape = shapeOf(model, shapeName);
  if (shape.sensitive || SECRET_SHAPES.has(shapeName)) return HIDDEN;
  if (shape.type === 'structure' && typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(shape.members)) {
      const member = (value as Record<string, unknown>)[name];
      if (member !== undefined) out[lowerCamel(name)] = redact(model, ref.shape, member);
    }
    return out;
  }
  if (shape.type === 'list' && Array.isArray(value))
    return value.map((v) => redact(model, shape.member.shape, v));
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return HIDDEN;
  return value;
}

function identity(call: ApiCall): UserIdentity {
  const { caller } = call;
  if (!caller)
    return { type: 'Unknown', ...(call.accessKeyId !== undefined && { accessKeyId: call.accessKeyId }) };
  const session = caller.session && {
    attributes: {
      creationDate: caller.session.issuedAt.toISOString(),
      mfaAuthenticated:
        caller.session.mfaAuthenticatedAt === undefined ? ('false' as const) : ('true' as const),
    },
    ...(caller.role && {
      sessionIssuer: {
        type: 'Role' as const,
        principalId: caller.role.id,
        arn: caller.role.arn,
        accountId: caller.accountId,
        userName: caller.role.name,
      },
    }),
  };
  return {
    type:
      caller.principalType === 'AssumedRole'
        ? 'AssumedRole'
        : caller.principalType === 'Account'
          ? 'Root'
          : 'IAMUser',
    principalId: caller.userId ?? caller.accountId,
    arn: caller.arn,
    accountId: caller.accountId,
    ...(caller.accessKeyId !== undefined && { accessKeyId: caller.accessKeyId }),
    ...(caller.userName !== undefined && { userName: caller.userName }),
    ...(session && { sessionContext: session }),
  };
}

/** The CloudTrail-style record of a call. */
export function apiCallEvent(call: ApiCall): Omit<AuditEvent, 'eventID'> {
  const { model } = call.service;
  const operation = model.operations[call.action];
  const inputShape = operation?.input;
  const parameters =
    call.input === undefined || inputShape === undefined
      ? null
      : (redact(model, inputShape, call.input) as Record<string, unknown>);
  return {
    eventVersion: '1.08',
    eventTime: `${call.time.toISOString().slice(0, 19)}Z`,
    eventSource: `${model.metadata.endpointPrefix}.amazonaws.com`,
    eventName: call.action,
    awsRegion: call.caller?.region ?? 'us-east-1',
    sourceIPAddress: call.request.sourceIp,
    userAgent: call.request.headers['user-agent']?.[0] ?? '',
    userIdentity: identity(call),
    requestParameters: parameters,
    responseElements: null,
    ...(call.checks !== undefined && {
      additionalEventData: {
        authorizationChecks: call.checks.map(({ action, resource }) => ({ action, resource })),
      },
    }),
    ...(!call.outcome.ok && { errorCode: call.outcome.code, errorMessage: call.outcome.message }),
    requestID: call.requestId,
    eventType: 'AwsApiCall',
    readOnly: isReadOnly(call.action),
    ...(call.caller && { recipientAccountId: call.caller.accountId }),
  };
}
