import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

/** A transaction: every repository function takes one, so callers decide what is atomic. */
export type Tx = Transaction<Database> | Kysely<Database>;

/**
 * The one storage interface. The domain runs each operation in `transaction`: all of it is
 * written, or none of it.
 */
export interface Store {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Reads that need no transaction. */
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}
