import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // docs/product-rules.md rule 3: a change that would leave the account without an active owner is held back.
  // The member keeps being an active owner; what the IdP asked for waits here until it can apply.
  await knex.schema.alterTable('members', (t) => {
    t.text('held_role').checkIn(['owner', 'admin', 'member', 'billing', 'support']);
    t.boolean('held_active');
    t.timestamp('held_at', { useTz: true });
  });
  await knex.raw('create index members_held_idx on members (account_id) where held_at is not null');
  await knex.raw("create index members_owners_idx on members (account_id) where role = 'owner' and active");

  // An outbox of role re-resolutions: written in the same transaction as the change that may
  // move roles (group membership, rename, delete, mapping change), drained in bounded batches by
  // the workflow that made the change, which signals each user's workflow.
  await knex.schema.createTable('pending_role_resolutions', (t) => {
    t.bigIncrements('id');
    t.text('change_id').notNullable();
    t.text('account_id').notNullable();
    t.uuid('directory_id').notNullable();
    t.uuid('user_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['change_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('pending_role_resolutions');
  await knex.raw('drop index if exists members_owners_idx');
  await knex.raw('drop index if exists members_held_idx');
  await knex.schema.alterTable('members', (t) => {
    t.dropColumn('held_role');
    t.dropColumn('held_active');
    t.dropColumn('held_at');
  });
}
