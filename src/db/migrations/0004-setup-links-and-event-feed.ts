import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Setup links (README, Support console): a link that lets the customer's IT admin set up one
  // directory. Only the sha256 of the link's secret half is kept; the public half is the lookup key.
  await knex.schema.createTable('setup_links', (t) => {
    t.text('id').primary();
    t.text('secret_hash').notNullable();
    t.text('account_id').notNullable().references('accounts.id');
    t.uuid('directory_id').notNullable().references('directories.id');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index setup_links_account_idx on setup_links (account_id, created_at)');

  // The events feed pages the audit log by (feed_tx, id): the id of the transaction that wrote a
  // row, then the row's id. A reader only returns rows whose transaction is older than every
  // transaction still running (pg_snapshot_xmin), so a row committed late can never land behind a
  // cursor that already passed it, which ordering by id alone allows. Rows from before this
  // migration get 0 (a constant default: no table rewrite) and keep their id order.
  await knex.raw("alter table audit_log add column feed_tx xid8 not null default '0'");
  await knex.raw('alter table audit_log alter column feed_tx set default pg_current_xact_id()');
  await knex.raw('create index audit_log_feed_idx on audit_log (account_id, feed_tx, id)');
  await knex.raw('create index audit_log_member_feed_idx on audit_log (member_id, feed_tx, id) where member_id is not null');

  // The console's search: accounts by id prefix, and the accounts a member's email (prefix) belongs to.
  await knex.raw('create index accounts_id_search_idx on accounts (id text_pattern_ops)');
  await knex.raw('create index members_email_search_idx on members (lower(email) text_pattern_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists members_email_search_idx');
  await knex.raw('drop index if exists accounts_id_search_idx');
  await knex.raw('drop index if exists audit_log_member_feed_idx');
  await knex.raw('drop index if exists audit_log_feed_idx');
  await knex.raw('alter table audit_log drop column if exists feed_tx');
  await knex.schema.dropTableIfExists('setup_links');
}
