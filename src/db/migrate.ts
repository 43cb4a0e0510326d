import type { Knex } from 'knex';
import * as initialSchema from './migrations/0001-initial-schema';
import * as rolesAndHeldChanges from './migrations/0002-roles-and-held-changes';
import * as usersWaitingForEmail from './migrations/0003-users-waiting-for-email';
import * as setupLinksAndEventFeed from './migrations/0004-setup-links-and-event-feed';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Migrations are listed here rather than discovered on disk, so they run the same under tsx,
 * jest and a bundled build. Append new ones; never rename or reorder released ones.
 */
const migrations: Record<string, Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-roles-and-held-changes': rolesAndHeldChanges,
  '0003-users-waiting-for-email': usersWaitingForEmail,
  '0004-setup-links-and-event-feed': setupLinksAndEventFeed,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};

/** Idempotent: applies only what is missing. Knex's lock table keeps concurrent starts safe. */
export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: source });
}
