import { Command } from 'commander';
import type { AuditEvent } from '../audit/event.js';
import { verifyAuditTrail } from '../audit/verify.js';
import { scanAuditEvents, type AuditFilter } from '../store/audit.js';
import { openDataStore, withStoreOptions, type StoreOptions } from './data-store.js';

/**
 * `iamfa events`: the audit trail, filtered, as a table or as JSON lines (CloudTrail records, one
 * per line, for export); `iamfa events verify` recomputes its hash chain.
 */

interface EventOptions extends StoreOptions {
  readonly since?: string;
  readonly until?: string;
  readonly principal?: string;
  readonly accessKey?: string;
  readonly name?: string;
  readonly source?: string;
  readonly errors?: boolean;
  readonly json?: boolean;
}

function row(event: AuditEvent): string {
  const who = event.userIdentity.arn ?? `(unauthenticated ${event.userIdentity.accessKeyId ?? ''})`.trim();
  const result = event.errorCode === undefined ? 'ok' : event.errorCode;
  const mfa = event.userIdentity.sessionContext?.attributes.mfaAuthenticated === 'true' ? ' mfa' : '';
  return `${event.eventTime}  ${event.eventSource.split('.')[0]}:${event.eventName}  ${who}${mfa}  ${event.sourceIPAddress}  ${result}`;
}

function isoOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`--${name} takes a date and time (ISO 8601), not "${value}".`);
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `iamfa events [verify]`. */
export function eventsCommand(): Command {
  const events = withStoreOptions(new Command('events'))
    .description('Show the audit trail: every API call, with who made it, from where, and how it ended.')
    .option('--since <time>', 'events at or after this time (ISO 8601)')
    .option('--until <time>', 'events at or before this time (ISO 8601)')
    .option('--principal <arn>', "the caller's ARN")
    .option('--access-key <id>', 'the access key the call was signed with')
    .option('--name <event>', 'the API action, e.g. CreateUser')
    .option('--source <service>', 'e.g. iam.amazonaws.com')
    .option('--errors', 'only calls that failed')
    .option('--json', 'CloudTrail records as JSON lines (for export)')
    .action(async (options: EventOptions) => {
      const filter: AuditFilter = {
        since: isoOption(options.since, 'since'),
        until: isoOption(options.until, 'until'),
        principalArn: options.principal,
        accessKeyId: options.accessKey,
        eventName: options.name,
        eventSource: options.source,
        errorsOnly: options.errors,
      };
      const store = await openDataStore(options);
      try {
        for await (const found of scanAuditEvents(store.db, filter))
          process.stdout.write(
            options.json ? `${found.record}\n` : `${row(JSON.parse(found.record) as AuditEvent)}\n`,
          );
      } finally {
        await store.close();
      }
    });
  events.addCommand(
    new Command('verify')
      .description('Check that no event was edited or deleted (exit status 1 if one was).')
      .action(async (_options: unknown, command: Command) => {
        // --data-dir and --database-url belong to `events`, before or after `verify`.
        const store = await openDataStore(command.optsWithGlobals<StoreOptions>());
        try {
          const report = await verifyAuditTrail(store.db);
          for (const { seq, problem } of report.problems)
            process.stdout.write(
              problem === 'truncated'
                ? `events from #${seq} on were deleted: the chain's head records more\n`
                : `event #${seq} was ${problem}\n`,
            );
          process.stdout.write(`${report.events} events, chain ${report.ok ? 'intact' : 'BROKEN'}\n`);
          process.exitCode = report.ok ? 0 : 1;
        } finally {
          await store.close();
        }
      }),
  );
  return events;
}
