import { Command } from 'commander';
import { readOutbox } from '../sms/outbox.js';
import { openDataStore, openSecretBox, withStoreOptions, type StoreOptions } from './data-store.js';

interface OutboxOptions extends StoreOptions {
  readonly to?: string;
  readonly last?: boolean;
  readonly json?: boolean;
}

/**
 * `iamfa sms-outbox`: the text messages the development SMS sender has kept (SMS MFA codes), for
 * the operator of a server without an SMS gateway. Nothing else shows them.
 */
export function smsOutboxCommand(): Command {
  return withStoreOptions(new Command('sms-outbox'))
    .description('Show the SMS MFA codes the development outbox kept (when no --sms-webhook-url is set).')
    .option('--to <phone>', 'only messages to this number (E.164, e.g. +15555550100)')
    .option('--last', 'only the latest message')
    .option('--json', 'one JSON object per message')
    .action(async (options: OutboxOptions) => {
      const store = await openDataStore(options);
      try {
        const secrets = await openSecretBox(options);
        let messages = await readOutbox(store.db, secrets);
        if (options.to !== undefined) messages = messages.filter((message) => message.to === options.to);
        if (options.last) messages = messages.slice(-1);
        const lines = options.json
          ? messages.map((message) => JSON.stringify(message))
          : messages.length === 0
            ? ['The outbox is empty.']
            : messages.map((message) => `${message.sentAt}  ${message.to}  ${message.body}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
