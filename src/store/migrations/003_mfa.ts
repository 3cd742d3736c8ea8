import type { Kysely } from 'kysely';

/**
 * Virtual MFA devices, the time steps each has accepted, and consecutive code failures per user.
 * The seed is sealed under the device's serial number. A step accepted once is a row of
 * `mfa_used_steps`, whose primary key is what makes a replayed code fail, on any node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_devices')
    .addColumn('serial_number', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    // Deleting a user requires its devices to be deactivated first; the reference keeps it honest.
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('enabled_at', 'text')
    // The device clock's offset from ours, in time steps, as the last enable or resync found it.
    .addColumn('drift', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mfa_devices_name', ['account_id', 'name_key'])
    .execute();
  await db.schema.createIndex('mfa_devices_user').on('mfa_devices').column('user_id').execute();

  await db.schema
    .createTable('mfa_used_steps')
    .addColumn('serial_number', 'text', (c) =>
      c.notNull().references('mfa_devices.serial_number').onDelete('cascade'),
    )
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('used_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mfa_used_steps_pk', ['serial_number', 'step'])
    .execute();

  await db.schema
    .createTable('mfa_failures')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();
}
