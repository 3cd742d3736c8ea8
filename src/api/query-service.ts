import { randomUUID } from 'node:crypto';
import { isReadOnly } from '../audit/event.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { SmsSender } from '../sms/sender.js';
import { Ec2Error } from '../ec2/errors.js';
import { IamError } from '../iam/errors.js';
import type { Store } from '../store/store.js';
import type { ApiCall } from './audit-event.js';
import type { Authorizations, AuthorizationCheck, OperationAuthorization } from './authorization.js';
import { ProtocolError } from './errors.js';
import type { Caller, OperationHandler, Operations } from './operation.js';
import {
  decodeInput,
  encodeError,
  encodeOutput,
  errorStatus,
  type ServiceModel,
  type ServiceName,
} from './query/index.js';
import type { WireRequest, WireResponse } from './wire.js';

/**
 * A service spoken over the AWS query protocol: its model, the handlers of its operations, and how
 * each operation is authorized.
 */
export interface QueryService {
  readonly name: ServiceName;
  readonly model: ServiceModel;
  readonly operations: Operations;
  readonly authorizations: Authorizations;
  /**
   * How the service words the errors every service shares (authentication, access denied,
   * internal failure), where it differs from IAM's and STS's: EC2 answers `AuthFailure` and
   * `UnauthorizedOperation`.
   */
  readonly commonError?: (error: ProtocolError) => ProtocolError;
}

export interface QueryDependencies {
  readonly store: Store;
  readonly secrets: SecretBox;
  /** Where SMS MFA codes are texted. */
  readonly sms: SmsSender;
  /** Verifies the request's signature and says who sent it; throws ProtocolError otherwise. */
  readonly authenticate: (request: WireRequest, service: ServiceName) => Promise<Caller>;
  /** Throws ProtocolError('AccessDenied') unless the caller's policies allow every check. */
  readonly authorize: (
    caller: Caller,
    checks: readonly AuthorizationCheck[],
    request: WireRequest,
  ) => Promise<void>;
  /**
   * Records every call in the audit trail. Resolves once the event is durable; a call that changed
   * state is answered only then.
   */
  readonly audit?: (call: ApiCall) => Promise<void>;
  /** Reports an unexpected failure (never with request parameters: they may hold secrets). */
  readonly onError?: (error: unknown, context: { requestId: string; action: string }) => void;
}

/** The request's parameters: the form body of a POST, else the query string. */
function parametersOf(request: WireRequest): URLSearchParams {
  const form = request.method === 'POST' ? request.body.toString('utf8') : '';
  return new URLSearchParams(form || request.query);
}

const INTERNAL_FAILURE = 'We encountered an internal error. Please try again.';
/**
 * The most parameters a request may carry: far more than any operation needs (50 tags are 100,
 * a long simulation a few hundred), few enough that no request makes the decoder work for long.
 */
export const MAX_PARAMETERS = 2000;
const DRY_RUN_MESSAGE = 'Request would have succeeded, but DryRun flag is set.';

/** How an operation ended: its output, or the AWS error (code, message, HTTP status) it deserves. */
export type Outcome =
  | { readonly ok: true; readonly output: Record<string, unknown> | undefined }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly status: number };

/**
 * Runs operations for callers already authenticated: decode and validate the parameters against
 * the model, authorize, and run. The query protocol's HTTP endpoint and the console both go
 * through it, so neither can act without the same checks.
 */
export interface Dispatcher {
  /** The service that answers API version `version`. */
  service(version: string): QueryService | undefined;
  run(
    service: QueryService,
    action: string,
    params: URLSearchParams,
    call: { readonly caller: Caller; readonly request: WireRequest; readonly requestId: string },
  ): Promise<Outcome>;
  /** InvalidAction when the service has no such operation, or iamfa does not serve it yet. */
  unknownAction(service: QueryService, action: string): (Outcome & { ok: false }) | undefined;
  /** An error in the service's words and with its status (EC2 says AuthFailure for InvalidClientTokenId). */
  failure(service: QueryService, error: ProtocolError): Outcome & { ok: false };
}

/**
 * Hands the call to the audit trail: a call that changed state waits until its event is durable;
 * any other does not wait, and a failure to record is reported, not answered.
 */
async function audited(deps: QueryDependencies, call: ApiCall): Promise<void> {
  if (!deps.audit) return;
  const recorded = deps
    .audit(call)
    .catch((error: unknown) => deps.onError?.(error, { requestId: call.requestId, action: call.action }));
  if (call.outcome.ok && !isReadOnly(call.action)) await recorded;
}

/** The access key id a request's signature names, for the record of a call that failed to authenticate. */
function namedAccessKey(request: WireRequest, params: URLSearchParams): string | undefined {
  const credential = request.headers['authorization']?.[0] ?? params.get('X-Amz-Credential') ?? '';
  return /(?:Credential=)?([A-Z0-9]{16,128})\//.exec(credential)?.[1];
}

/** The dispatcher for these services; refuses to build if an operation has no authorization. */
export function dispatcher(services: readonly QueryService[], deps: QueryDependencies): Dispatcher {
  for (const service of services)
    for (const action of Object.keys(service.operations))
      if (!Object.hasOwn(service.authorizations, action))
        throw new Error(
          `${service.name}:${action} is served without an authorization: nothing would be enforced.`,
        );
  const byVersion = new Map(services.map((s) => [s.model.metadata.apiVersion, s]));
  const fail = (service: QueryService, code: string, message: string): Outcome & { ok: false } => ({
    ok: false,
    code,
    message,
    status: errorStatus(service.model, code),
  });
  const failure = (service: QueryService, error: ProtocolError) => {
    const worded = service.commonError ? service.commonError(error) : error;
    return fail(service, worded.code, worded.message);
  };
  const unknownAction = (service: QueryService, action: string) => {
    if (!Object.hasOwn(service.model.operations, action))
      return fail(
        service,
        'InvalidAction',
        `Could not find operation ${action} for version ${service.model.metadata.apiVersion}`,
      );
    if (!Object.hasOwn(service.operations, action))
      return fail(service, 'InvalidAction', `The action ${action} is not supported by iamfa yet.`);
    return undefined;
  };
  return {
    service: (version) => byVersion.get(version),
    failure,
    unknownAction,
    run: async (service, action, params, { caller, request, requestId }) => {
      const time = new Date();
      let input: Record<string, unknown> | undefined;
      let checks: readonly AuthorizationCheck[] | undefined;
      const execute = async (): Promise<Outcome> => {
        const { model, operations, authorizations } = service;
        const unknown = unknownAction(service, action);
        if (unknown) return unknown;
        const handler = operations[action] as OperationHandler;
        try {
          const decoded = decodeInput(model, action, params);
          // Through the service's wording: EC2 has no ValidationError.
          if (!decoded.ok)
            return failure(
              service,
              new ProtocolError(
                decoded.error.code,
                decoded.error.message,
                decoded.error.missingParameter ? 'missing-parameter' : undefined,
              ),
            );
          input = decoded.input;
          const authorization = authorizations[action] as OperationAuthorization;
          checks = await authorization(decoded.input, { caller, tx: deps.store.db });
          await deps.authorize(caller, checks, request);
          // EC2's dry run: authorized, so it would have succeeded; nothing is done.
          if (decoded.input.DryRun === true)
            return failure(service, new ProtocolError('DryRunOperation', DRY_RUN_MESSAGE));
          const output = await handler(decoded.input, {
            store: deps.store,
            secrets: deps.secrets,
            sms: deps.sms,
            caller,
            requestId,
            now: time,
            request,
          });
          return { ok: true, output };
        } catch (error) {
          if (error instanceof ProtocolError) return failure(service, error);
          if (error instanceof IamError || error instanceof Ec2Error)
            return fail(service, error.code, error.message);
          deps.onError?.(error, { requestId, action });
          return failure(service, new ProtocolError('InternalFailure', INTERNAL_FAILURE));
        }
      };
      const outcome = await execute();
      await audited(deps, { service, action, caller, request, requestId, input, checks, outcome, time });
      return outcome;
    },
  };
}

/**
 * Answers AWS query-protocol requests for several services on one endpoint, choosing the service by
 * the request's `Version`: authenticate, then run through the dispatcher, and write the result or
 * the error exactly as AWS does.
 */
export function queryHandler(
  services: readonly QueryService[],
  deps: QueryDependencies,
  run: Dispatcher = dispatcher(services, deps),
): (request: WireRequest) => Promise<WireResponse> {
  const fallback = services[0];
  if (!fallback) throw new Error('queryHandler needs at least one service.');

  return async (request) => {
    const requestId = randomUUID();
    const params = parametersOf(request);
    const action = params.get('Action') ?? '';
    const version = params.get('Version') ?? '';
    const service = run.service(version);
    const respond = (status: number, body: string): WireResponse => ({
      status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    });
    const fail = (model: ServiceModel, code: string, message: string): WireResponse =>
      respond(errorStatus(model, code), encodeError(model, { code, message, requestId }));

    if (params.size > MAX_PARAMETERS)
      return fail(
        service?.model ?? fallback.model,
        'InvalidQueryParameter',
        `The request has more than ${MAX_PARAMETERS} parameters.`,
      );
    if (!action) return fail(service?.model ?? fallback.model, 'MissingAction', 'Missing Action');
    if (!service)
      return fail(
        fallback.model,
        'InvalidAction',
        `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`,
      );
    const { model } = service;
    // AWS routes before it authenticates: an unknown action is answered as such.
    const authenticatedRun = async (): Promise<Outcome> => {
      const time = new Date();
      let caller: Caller;
      try {
        caller = await deps.authenticate(request, service.name);
      } catch (error) {
        if (!(error instanceof ProtocolError)) deps.onError?.(error, { requestId, action });
        const outcome = run.failure(
          service,
          error instanceof ProtocolError ? error : new ProtocolError('InternalFailure', INTERNAL_FAILURE),
        );
        await audited(deps, {
          service,
          action,
          caller: undefined,
          accessKeyId: namedAccessKey(request, params),
          request,
          requestId,
          input: undefined,
          checks: undefined,
          outcome,
          time,
        });
        return outcome;
      }
      return run.run(service, action, params, { caller, request, requestId });
    };
    const outcome = run.unknownAction(service, action) ?? (await authenticatedRun());
    return outcome.ok
      ? respond(200, encodeOutput(model, action, outcome.output, requestId))
      : respond(
          outcome.status,
          encodeError(model, { code: outcome.code, message: outcome.message, requestId }),
        );
  };
}

/**
 * An error answered in a service's envelope for a request no operation saw (refused by the HTTP
 * layer), with a request id of its own.
 */
export function transportErrorResponse(
  model: ServiceModel,
  status: number,
  code: string,
  message: string,
): WireResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: encodeError(model, { code, message, requestId, sender: status < 500 }),
  };
}
