import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // docs/product-rules.md rule 2: a SCIM user with no email is kept, linked to no member, until one
  // arrives. The directory status counts them and support lists them in creation order; only
  // users with no email can be waiting, so the index holds just those (none, in most directories).
  await knex.raw('create index scim_users_no_email_idx on scim_users (directory_id, created_at, id) where email is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists scim_users_no_email_idx');
}
