import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import { IamError } from '../iam/errors.js';
import type { Store } from '../store/store.js';
import type { Authorizations, AuthorizationCheck, OperationAuthorization } from './authorization.js';
import { ProtocolError } from './errors.js';
import type { Caller, Operations } from './operation.js';
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
}

export interface QueryDependencies {
  readonly store: Store;
  readonly secrets: SecretBox;
  /** Verifies the request's signature and says who sent it; throws ProtocolError otherwise. */
  readonly authenticate: (request: WireRequest, service: ServiceName) => Promise<Caller>;
  /** Throws ProtocolError('AccessDenied') unless the caller's policies allow every check. */
  readonly authorize: (
    caller: Caller,
    checks: readonly AuthorizationCheck[],
    request: WireRequest,
  ) => Promise<void>;
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
 * Answers AWS query-protocol requests for several services on one endpoint, choosing the service by
 * the request's `Version`: authenticate, decode and validate against the model, run the operation,
 * and write the result or the error exactly as AWS does.
 */
export function queryHandler(
  services: readonly QueryService[],
  deps: QueryDependencies,
): (request: WireRequest) => Promise<WireResponse> {
  for (const service of services)
    for (const action of Object.keys(service.operations))
      if (!Object.hasOwn(service.authorizations, action))
        throw new Error(
          `${service.name}:${action} is served without an authorization: nothing would be enforced.`,
        );
  const byVersion = new Map(services.map((s) => [s.model.metadata.apiVersion, s]));
  const fallback = services[0];
  if (!fallback) throw new Error('queryHandler needs at least one service.');

  return async (request) => {
    const requestId = randomUUID();
    const params = parametersOf(request);
    const action = params.get('Action') ?? '';
    const version = params.get('Version') ?? '';
    const service = byVersion.get(version);
    const respond = (status: number, body: string): WireResponse => ({
      status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    });
    const fail = (model: ServiceModel, code: string, message: string): WireResponse =>
      respond(errorStatus(model, code), encodeError(model, { code, message, requestId }));

    if (!action) return fail(service?.model ?? fallback.model, 'MissingAction', 'Missing Action');
    if (!service)
      return fail(
        fallback.model,
        'InvalidAction',
        `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`,
      );
    const { model, operations, authorizations } = service;
    // AWS routes before it authenticates: an unknown action is answered as such.
    if (!Object.hasOwn(model.operations, action))
      return fail(model, 'InvalidAction', `Could not find operation ${action} for version ${version}`);
    const handler = Object.hasOwn(operations, action) ? operations[action] : undefined;
    if (!handler) return fail(model, 'InvalidAction', `The action ${action} is not supported by iamfa yet.`);
    try {
      const caller = await deps.authenticate(request, service.name);
      const decoded = decodeInput(model, action, params);
      if (!decoded.ok) return fail(model, decoded.error.code, decoded.error.message);
      const authorization = authorizations[action] as OperationAuthorization;
      await deps.authorize(
        caller,
        await authorization(decoded.input, { caller, tx: deps.store.db }),
        request,
      );
      const output = await handler(decoded.input, {
        store: deps.store,
        secrets: deps.secrets,
        caller,
        requestId,
        now: new Date(),
        request,
      });
      return respond(200, encodeOutput(model, action, output, requestId));
    } catch (error) {
      if (error instanceof IamError || error instanceof ProtocolError)
        return fail(model, error.code, error.message);
      deps.onError?.(error, { requestId, action });
      return fail(model, 'InternalFailure', INTERNAL_FAILURE);
    }
  };
}
