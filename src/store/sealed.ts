import { sql } from 'kysely';
import type { Tx } from './store.js';

/**
 * Every value sealed at rest, wherever it is: the column holding it and the column that names it
 * (the associated data it was sealed with). Key rotation re-seals them all.
 */
const SEALED = [
  { table: 'access_keys', id: 'id', value: 'secret' },
  { table: 'sessions', id: 'id', value: 'secret' },
  { table: 'role_sessions', id: 'id', value: 'secret' },
  { table: 'service_credentials', id: 'id', value: 'password' },
  { table: 'mfa_devices', id: 'serial_number', value: 'seed' },
  { table: 'sms_mfa_codes', id: 'serial_number', value: 'secret' },
  { table: 'sms_outbox', id: 'id', value: 'message' },
] as const;

export interface SealedValue {
  /** Which kind of secret, for messages. */
  readonly table: (typeof SEALED)[number]['table'];
  /** The associated data: the row's key. */
  readonly id: string;
  readonly sealed: string;
}

/** Every sealed value in the database. */
export async function sealedValues(tx: Tx): Promise<SealedValue[]> {
  const out: SealedValue[] = [];
  for (const { table, id, value } of SEALED) {
    const { rows } = await sql<{ id: string; sealed: string }>`
      select ${sql.ref(id)} as id, ${sql.ref(value)} as sealed from ${sql.table(table)}`.execute(tx);
    for (const row of rows) out.push({ table, id: row.id, sealed: row.sealed });
  }
  return out;
}

/** Replaces one sealed value. */
export async function replaceSealed(tx: Tx, value: SealedValue, sealed: string): Promise<void> {
  const { id, value: column } = SEALED.find((s) => s.table === value.table) as (typeof SEALED)[number];
  await sql`update ${sql.table(value.table)} set ${sql.ref(column)} = ${sealed} where ${sql.ref(id)} = ${value.id}`.execute(
    tx,
  );
}
