import type { Kysely } from 'kysely';

/**
 * SMS MFA. An SMS device is a row of `mfa_devices` whose serial number is an `sms-mfa/` ARN and
 * whose sealed secret is the phone number its codes are texted to. The code a device is waiting
 * for — to finalize a registration, or to sign in — is one row per device here, sealed (with the
 * phone number a registration is for) under the serial number: single use, since accepting it
 * deletes the row. `sms_outbox` is the development sender's outbox, each message sealed under its
 * id, for the operator to read with `iamfa sms-outbox`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sms_mfa_codes')
    .addColumn('serial_number', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 'register' (FinalizeSmsMfaRegistration takes it) or 'sign-in' (any path that checks codes).
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_outbox_created').on('sms_outbox').column('created_at').execute();
}
