import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import { insertSmsMessage, listSmsMessages } from '../store/sms-mfa.js';
import type { Store, Tx } from '../store/store.js';
import type { SmsSender, TextMessage } from './sender.js';

/**
 * The development sender: messages are kept in the database, sealed like every secret at rest,
 * for the operator to read with `iamfa sms-outbox`. Nothing reaches a phone, a log or an API
 * caller; every node sharing a database shares the outbox.
 */

/** A message in the outbox, opened. */
export interface OutboxMessage extends TextMessage {
  readonly id: string;
  readonly sentAt: string;
}

/** A sender that writes into the outbox. */
export function outboxSender(store: Store, secrets: SecretBox): SmsSender {
  return {
    async send(message) {
      const id = randomUUID();
      const sealed = secrets.seal(JSON.stringify({ to: message.to, body: message.body }), id);
      await store.transaction((tx) =>
        insertSmsMessage(tx, { id, message: sealed, created_at: new Date().toISOString() }),
      );
    },
  };
}

/** The outbox's messages, oldest first, opened with the box's keys. */
export async function readOutbox(tx: Tx, secrets: SecretBox): Promise<OutboxMessage[]> {
  return (await listSmsMessages(tx)).map((row) => {
    const { to, body } = JSON.parse(secrets.open(row.message, row.id)) as TextMessage;
    return { id: row.id, to, body, sentAt: row.created_at };
  });
}
