import { sql, type Kysely } from 'kysely';

/** The IAM entities: accounts, users, groups, policies, attachments, credentials. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const seq = (table: string) =>
    db.schema.createTable(table).addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alias', 'text', (c) => c.unique())
    .addColumn('password_policy', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  for (const table of ['users', 'groups'] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull());
    if (table === 'users')
      builder = builder.addColumn('permissions_boundary', 'text').addColumn('password_last_used', 'text');
    await builder.addUniqueConstraint(`${table}_name`, ['account_id', 'name_key']).execute();
  }

  await seq('group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addUniqueConstraint('group_members_pair', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').column('user_id').execute();

  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('default_version', 'text', (c) => c.notNull())
    .addColumn('next_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policies_name', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_versions_pk', ['policy_id', 'version_id'])
    .execute();

  await seq('attachments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('principal_kind', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addUniqueConstraint('attachments_pair', ['principal_kind', 'principal_id', 'policy_arn'])
    .execute();
  await db.schema
    .createIndex('attachments_policy')
    .on('attachments')
    .columns(['account_id', 'policy_arn'])
    .execute();

  await db.schema
    .createTable('inline_policies')
    .addColumn('principal_kind', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inline_policies_pk', ['principal_kind', 'principal_id', 'name'])
    .execute();

  await seq('tags')
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  // Tag keys are unique per resource without regard to case, as in IAM.
  await sql`create unique index tags_key on tags (resource_id, lower(key))`.execute(db);

  await db.schema
    .createTable('login_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_reset_required', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('password_set_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('password_history')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_user').on('password_history').column('user_id').execute();

  await db.schema
    .createTable('access_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_service', 'text')
    .addColumn('last_used_region', 'text')
    .execute();
  await db.schema.createIndex('access_keys_user').on('access_keys').column('user_id').execute();

  for (const table of ['ssh_public_keys', 'signing_certificates'] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'text', (c) => c.notNull());
    if (table === 'ssh_public_keys') builder = builder.addColumn('fingerprint', 'text', (c) => c.notNull());
    await builder.execute();
  }

  await db.schema
    .createTable('service_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('service_user_name', 'text', (c) => c.notNull())
    .addColumn('password', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
