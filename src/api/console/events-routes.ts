import type { FastifyInstance } from 'fastify';
import type { AuditEvent } from '../../audit/event.js';
import { findAuditEvents } from '../../store/audit.js';
import { ProtocolError } from '../errors.js';
import { consoleCaller } from './caller.js';
import { formOf, postingSession, sendError, signedIn, wireOf, type ConsoleOptions } from './context.js';

/** How many events a page shows: the latest. */
const PAGE = 200;

/**
 * `events`: the account's audit trail, latest first, for the console's event history, as
 * CloudTrail's LookupEvents: allowed to whom the policies allow `cloudtrail:LookupEvents`.
 */
export function eventsRoutes(app: FastifyInstance, options: ConsoleOptions): void {
  app.post('/console/api/events', async (request, reply) => {
    const session = await postingSession(options, request, reply, signedIn);
    if (!session) return reply;
    const caller = await consoleCaller(options.store.db, session);
    try {
      await options.authorize?.(
        caller,
        [{ action: 'cloudtrail:LookupEvents', resource: '*' }],
        wireOf(request),
      );
    } catch (error) {
      if (error instanceof ProtocolError) return sendError(reply, 403, error.code, error.message);
      throw error;
    }
    const form = formOf(request);
    const rows = await findAuditEvents(options.store.db, {
      accountId: session.accountId,
      eventName: form.get('eventName') || undefined,
      principalArn: form.get('principalArn') || undefined,
      errorsOnly: form.get('errorsOnly') === 'true',
      newestFirst: true,
      limit: PAGE,
    });
    return reply.send({ events: rows.map((row) => JSON.parse(row.record) as AuditEvent) });
  });
}
