import { useState } from 'preact/hooks';
import { lookupEvents } from '../api.js';
import {
  Badge,
  Button,
  Empty,
  ErrorAlert,
  Loading,
  PageHeader,
  Panel,
  formatDate,
} from '../components/ui.js';
import { useLoad } from '../hooks.js';

/**
 * CloudTrail's event history for the account: every API call and console sign-in iamfa recorded,
 * latest first, with who made it, from where and how it ended; each record in full on demand.
 * Shown to whom the policies allow `cloudtrail:LookupEvents`.
 */

interface AuditEvent {
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly sourceIPAddress: string;
  readonly userIdentity: {
    readonly type: string;
    readonly arn?: string;
    readonly userName?: string;
    readonly accessKeyId?: string;
    readonly sessionContext?: { readonly attributes: { readonly mfaAuthenticated: string } };
  };
  readonly errorCode?: string;
  readonly responseElements: { readonly ConsoleLogin?: string } | null;
  readonly requestID: string;
}

interface Filters {
  readonly eventName: string;
  readonly errorsOnly: boolean;
}

async function lookup(filters: Filters): Promise<AuditEvent[]> {
  return (await lookupEvents({
    eventName: filters.eventName.trim(),
    errorsOnly: filters.errorsOnly,
  })) as AuditEvent[];
}

function outcome(event: AuditEvent) {
  const failed = event.errorCode !== undefined || event.responseElements?.ConsoleLogin === 'Failure';
  return failed ? (
    <Badge kind="red">{event.errorCode ?? 'Failure'}</Badge>
  ) : (
    <Badge kind="green">Success</Badge>
  );
}

function who(event: AuditEvent): string {
  const identity = event.userIdentity;
  return (
    identity.userName ?? identity.arn ?? (identity.accessKeyId ? `key ${identity.accessKeyId}` : 'unknown')
  );
}

export function EventHistory() {
  const [draft, setDraft] = useState<Filters>({ eventName: '', errorsOnly: false });
  const [filters, setFilters] = useState<Filters>(draft);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const events = useLoad(() => lookup(filters), [filters]);
  return (
    <>
      <PageHeader
        title="Event history"
        description="Every API call and console sign-in in this account, as CloudTrail records them; the latest 200."
      />
      <Panel
        title="Events"
        count={events.data?.length}
        actions={
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              setFilters(draft);
            }}
          >
            <input
              aria-label="Event name"
              placeholder="Event name, e.g. CreateUser"
              value={draft.eventName}
              onInput={(e) => setDraft({ ...draft, eventName: e.currentTarget.value })}
            />
            <label class="checkbox">
              <input
                type="checkbox"
                checked={draft.errorsOnly}
                onChange={(e) => setDraft({ ...draft, errorsOnly: e.currentTarget.checked })}
              />{' '}
              Errors only
            </label>
            <Button type="submit">Search</Button>
          </form>
        }
      >
        {events.error !== undefined && <ErrorAlert error={events.error} />}
        {events.loading && <Loading />}
        {events.data?.length === 0 && <Empty>No events match.</Empty>}
        {events.data && events.data.length > 0 && (
          <table class="table events-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Event</th>
                <th>User</th>
                <th>MFA</th>
                <th>Source IP</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((event) => (
                <>
                  <tr
                    key={event.requestID}
                    class="clickable"
                    onClick={() => setOpen(open === event.requestID ? undefined : event.requestID)}
                  >
                    <td>{formatDate(event.eventTime)}</td>
                    <td>
                      <span class="muted">{event.eventSource.split('.')[0]}:</span>
                      {event.eventName}
                    </td>
                    <td>{who(event)}</td>
                    <td>
                      {event.userIdentity.sessionContext?.attributes.mfaAuthenticated === 'true'
                        ? 'Yes'
                        : 'No'}
                    </td>
                    <td>{event.sourceIPAddress}</td>
                    <td>{outcome(event)}</td>
                  </tr>
                  {open === event.requestID && (
                    <tr key={`${event.requestID}-record`}>
                      <td colSpan={6}>
                        <pre class="event-record">{JSON.stringify(event, null, 2)}</pre>
                      </td>
                    </tr>
                  )}
                </>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}
