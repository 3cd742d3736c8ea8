import type { FastifyInstance } from 'fastify';
import { loadActionCatalog } from '../../catalog/index.js';
import { lintPolicy } from '../../policy/lint/index.js';
import type { ActionCatalog } from '../../policy/lint/index.js';
import { consoleCaller } from './caller.js';
import {
  formOf,
  newRequestId,
  postingSession,
  sendError,
  signedIn,
  wireOf,
  type ConsoleOptions,
} from './context.js';
import { jsonValue } from './json.js';

const POLICY_RULES = 'GetAccountPasswordPolicy';

/**
 * `call` runs any IAM, STS or EC2 operation as the signed-in user, with parameters exactly as the
 * AWS query protocol names them, through the same decode, authorization and handlers as the query
 * endpoint; `validate-policy` lints a policy document for the editor.
 */
export function callRoutes(app: FastifyInstance, options: ConsoleOptions): void {
  let catalog: Promise<ActionCatalog> | undefined;

  app.post('/console/api/call', async (request, reply) => {
    const params = formOf(request);
    const action = params.get('Action') ?? '';
    // The new-password form shows the password policy's rules; nothing else runs before sign-in ends.
    const session = await postingSession(
      options,
      request,
      reply,
      (s) => signedIn(s) || (s.stage === 'new_password' && action === POLICY_RULES),
    );
    if (!session) return reply;
    const version = params.get('Version') ?? '';
    const service = options.dispatcher.service(version);
    if (!action) return sendError(reply, 400, 'MissingAction', 'Missing Action');
    if (!service)
      return sendError(
        reply,
        400,
        'InvalidAction',
        `Could not find operation ${action} for version ${version}`,
      );
    const requestId = newRequestId();
    reply.header('x-amzn-requestid', requestId);
    const outcome = await options.dispatcher.run(service, action, params, {
      caller: await consoleCaller(options.store.db, session),
      request: wireOf(request),
      requestId,
    });
    if (!outcome.ok) return sendError(reply, outcome.status, outcome.code, outcome.message);
    return reply.send({ output: jsonValue(outcome.output ?? {}) });
  });

  app.post('/console/api/validate-policy', async (request, reply) => {
    if (!(await postingSession(options, request, reply, signedIn))) return reply;
    catalog ??= loadActionCatalog();
    const document = formOf(request).get('PolicyDocument') ?? '';
    return reply.send({ findings: lintPolicy(document, { catalog: await catalog }) });
  });
}
