import type { Kysely } from 'kysely';

/**
 * EC2, the resource service the seeds protect: instances per account and region, and their tags.
 * An instance row keeps the state it is settling into and when that began; the transient state
 * (pending, stopping, shutting-down) is derived from the time, so nothing has to wake up to finish
 * a transition. EC2's tags are case-sensitive, unlike IAM's, hence a table of their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ec2_instances')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('instance_type', 'text', (c) => c.notNull())
    .addColumn('key_name', 'text')
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('private_ip', 'text', (c) => c.notNull())
    .addColumn('launch_index', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_changed_at', 'text', (c) => c.notNull())
    .addColumn('launched_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ec2_instances_account_region')
    .on('ec2_instances')
    .columns(['account_id', 'region', 'seq'])
    .execute();

  await db.schema
    .createTable('ec2_tags')
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ec2_tags_key', ['resource_id', 'key'])
    .execute();
}
