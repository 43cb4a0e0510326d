import type { Database, Tx } from '../db/database';
import type { AccountRow } from '../db/rows';
import '../db/tables';

const TABLE = 'accounts';

export async function findAccount(db: Database | Tx, id: string): Promise<AccountRow | undefined> {
  return db(TABLE).where({ id }).first();
}

/** Returns undefined when the id is taken. */
export async function insertAccount(db: Database, account: Pick<AccountRow, 'id' | 'name'>): Promise<AccountRow | undefined> {
  // The API's pool is read-only by default (src/bootstrap/database.ts); this is its one write.
  return db.transaction(async (tx) => {
    await tx.raw('set transaction read write');
    const [row] = await tx(TABLE).insert(account).onConflict('id').ignore().returning('*');
    return row;
  });
}

/**
 * Locks the account row; false when there is no such account. `update` serialises what changes
 * the account's owners or mappings; `share` lets group changes run together while keeping a
 * mapping change (which takes it exclusively) out.
 */
export async function lockAccount(tx: Tx, id: string, mode: 'share' | 'update'): Promise<boolean> {
  const query = tx(TABLE).where({ id });
  const row = await (mode === 'share' ? query.forShare() : query.forUpdate()).first('id');
  return row !== undefined;
}
