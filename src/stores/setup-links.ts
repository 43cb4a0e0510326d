import type { Database, Tx } from '../db/database';
import type { SetupLinkRow } from '../db/rows';
import '../db/tables';

const TABLE = 'setup_links';

/**
 * Setup links are written by the API itself, like accounts (no directory state changes: a link
 * only lets its holder ask for what support could do), so each write opens a read-write
 * transaction on the API's read-only pool (src/bootstrap/database.ts).
 */
async function writing<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.raw('set transaction read write');
    return work(tx);
  });
}

export async function insertSetupLink(db: Database, link: Omit<SetupLinkRow, 'created_at' | 'revoked_at'>): Promise<SetupLinkRow> {
  return writing(db, async (tx) => {
    const [row] = await tx(TABLE).insert(link).returning('*');
    return row!;
  });
}

export async function findSetupLink(db: Database, id: string): Promise<SetupLinkRow | undefined> {
  return db(TABLE).where({ id }).first();
}

/** The account's links, newest first (bounded: support makes a handful). */
export async function listSetupLinks(db: Database, accountId: string, limit = 50): Promise<SetupLinkRow[]> {
  return db(TABLE).where({ account_id: accountId }).orderBy('created_at', 'desc').limit(limit);
}

/** Idempotent: a revoked link keeps its first revocation time. Undefined when the account has no such link. */
export async function revokeSetupLink(db: Database, accountId: string, id: string): Promise<SetupLinkRow | undefined> {
  return writing(db, async (tx) => {
    await tx(TABLE).where({ id, account_id: accountId }).whereNull('revoked_at').update({ revoked_at: new Date() });
    return tx(TABLE).where({ id, account_id: accountId }).first();
  });
}
