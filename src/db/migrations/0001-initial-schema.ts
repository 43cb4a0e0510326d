import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('directories', (t) => {
    t.uuid('id').primary();
    t.text('account_id').notNullable().unique().references('accounts.id');
    t.text('provider');
    t.text('status').notNullable().checkIn(['pending', 'connected', 'disconnected']);
    // sha256 of the token's secret part; the token itself is shown once and never stored.
    // Public, random half of the token: the lookup key. The secret half is only kept as a hash.
    t.text('token_id').unique();
    t.text('token_hash');
    t.timestamp('token_issued_at', { useTz: true });
    t.text('connect_workflow_id');
    t.timestamp('connected_at', { useTz: true });
    t.timestamp('frozen_at', { useTz: true });
    t.timestamp('last_sync_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('scim_users', (t) => {
    t.uuid('id').primary();
    t.uuid('directory_id').notNullable().references('directories.id');
    t.text('user_name').notNullable();
    t.text('external_id');
    t.boolean('active').notNullable().defaultTo(true);
    t.text('display_name');
    // The email rule 2 derives from the resource, lower-cased: the link to the member.
    t.text('email');
    // Every attribute the IdP sent except id, meta and password.
    t.jsonb('attributes').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index scim_users_user_name_uq on scim_users (directory_id, lower(user_name))');
  await knex.raw('create unique index scim_users_external_id_uq on scim_users (directory_id, external_id) where external_id is not null');
  await knex.raw('create index scim_users_email_idx on scim_users (directory_id, email)');
  await knex.raw('create index scim_users_page_idx on scim_users (directory_id, created_at, id)');

  await knex.schema.createTable('members', (t) => {
    t.uuid('id').primary();
    t.text('account_id').notNullable().references('accounts.id');
    t.text('email').notNullable();
    t.text('name');
    t.text('role').notNullable().checkIn(['owner', 'admin', 'member', 'billing', 'support']);
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('managed_by_directory').notNullable().defaultTo(false);
    // No foreign key: the SCIM user may be deleted while the member is kept (rule 1, soft).
    t.uuid('scim_user_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index members_email_uq on members (account_id, lower(email))');
  await knex.raw('create unique index members_scim_user_uq on members (scim_user_id) where scim_user_id is not null');

  await knex.schema.createTable('scim_groups', (t) => {
    t.uuid('id').primary();
    t.uuid('directory_id').notNullable().references('directories.id');
    t.text('display_name').notNullable();
    t.text('external_id');
    t.jsonb('attributes').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index scim_groups_display_name_uq on scim_groups (directory_id, lower(display_name))');
  await knex.raw('create index scim_groups_page_idx on scim_groups (directory_id, created_at, id)');

  await knex.schema.createTable('group_memberships', (t) => {
    t.uuid('group_id').notNullable().references('scim_groups.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('scim_users.id').onDelete('CASCADE');
    t.primary(['group_id', 'user_id']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('role_mappings', (t) => {
    t.text('account_id').notNullable().references('accounts.id');
    t.text('group_name').notNullable();
    t.text('role').notNullable().checkIn(['owner', 'admin', 'member', 'billing', 'support']);
  });
  await knex.raw('create unique index role_mappings_uq on role_mappings (account_id, lower(group_name))');

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    // The Temporal update id (one per HTTP request): a retried change finds its row and
    // returns the recorded outcome instead of applying twice.
    t.text('change_id').notNullable().unique();
    t.text('account_id').notNullable();
    t.uuid('directory_id');
    t.text('subject_type').notNullable();
    t.text('subject_id').notNullable();
    t.text('action').notNullable();
    t.uuid('member_id');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.jsonb('outcome').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index audit_log_subject_idx on audit_log (subject_type, subject_id, id)');
  // lastSyncAt is derived from here rather than written to a hot directory row on every change.
  await knex.raw('create index audit_log_directory_idx on audit_log (directory_id, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'role_mappings',
    'group_memberships',
    'scim_groups',
    'members',
    'scim_users',
    'directories',
    'accounts',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
