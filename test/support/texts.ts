import { iamfaWith } from './iamfa-cli.js';
import type { TestServer } from './server.js';

/** A text message the development outbox kept, as `iamfa sms-outbox --json` prints it. */
export interface OutboxText {
  readonly id: string;
  readonly to: string;
  readonly body: string;
  readonly sentAt: string;
}

/** The outbox's messages, read as the operator reads them: with `iamfa sms-outbox`. */
export async function outboxTexts(t: Pick<TestServer, 'dataDir' | 'databaseUrl'>): Promise<OutboxText[]> {
  const store = t.databaseUrl === undefined ? [] : ['--database-url', t.databaseUrl];
  const run = await iamfaWith({}, 'sms-outbox', '--data-dir', t.dataDir, ...store, '--json');
  if (run.code !== 0) throw new Error(`iamfa sms-outbox failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OutboxText);
}

/** The latest text the outbox kept. */
export async function lastText(t: Pick<TestServer, 'dataDir' | 'databaseUrl'>): Promise<OutboxText> {
  const text = (await outboxTexts(t)).at(-1);
  if (!text) throw new Error('The SMS outbox is empty.');
  return text;
}

/** The 6-digit code a text carries. */
export function codeIn(text: OutboxText): string {
  const found = /code is (\d{6})\./.exec(text.body)?.[1];
  if (found === undefined) throw new Error(`No code in the text: ${text.body}`);
  return found;
}

/** The code in the latest text, which must have gone to `to`. */
export async function textedCode(
  t: Pick<TestServer, 'dataDir' | 'databaseUrl'>,
  to: string,
): Promise<string> {
  const text = await lastText(t);
  if (text.to !== to) throw new Error(`The latest text went to ${text.to}, not ${to}.`);
  return codeIn(text);
}
