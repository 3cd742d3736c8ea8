import { iamfaWith } from './iamfa-cli.js';
import type { TestServer } from './server.js';

/** What reading a server's outbox takes: where its data is, and its key. */
type Outbox = Pick<TestServer, 'dataDir' | 'databaseUrl' | 'encryptionKey'>;

/** A text message the development outbox kept, as `iamfa sms-outbox --json` prints it. */
export interface OutboxText {
  readonly id: string;
  readonly to: string;
  readonly body: string;
  readonly sentAt: string;
}

/** The outbox's messages, read as the operator reads them: with `iamfa sms-outbox`. */
export async function outboxTexts(t: Outbox): Promise<OutboxText[]> {
  const store = t.databaseUrl === undefined ? [] : ['--database-url', t.databaseUrl];
  const key = t.encryptionKey === undefined ? {} : { IAMFA_ENCRYPTION_KEY: t.encryptionKey };
  const run = await iamfaWith(key, 'sms-outbox', '--data-dir', t.dataDir, ...store, '--json');
  if (run.code !== 0) throw new Error(`iamfa sms-outbox failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OutboxText);
}

/** The latest text the outbox kept. */
export async function lastText(t: Outbox): Promise<OutboxText> {
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

/** The code in the latest text to `to`, among `texts` (read from the outbox when not given). */
export async function textedCode(t: Outbox, to: string, texts?: readonly OutboxText[]): Promise<string> {
  const text = (texts ?? (await outboxTexts(t))).filter((candidate) => candidate.to === to).at(-1);
  if (!text) throw new Error(`No text went to ${to}.`);
  return codeIn(text);
}
