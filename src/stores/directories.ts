import type { Knex } from 'knex';
import type { DirectoryRow } from '../db/rows';

const TABLE = 'directories';

export async function findDirectoryByAccount(db: Knex | Knex.Transaction, accountId: string): Promise<DirectoryRow | undefined> {
  return db<DirectoryRow>(TABLE).where({ account_id: accountId }).first();
}

export async function findDirectoryByTokenId(db: Knex, tokenId: string): Promise<DirectoryRow | undefined> {
  return db<DirectoryRow>(TABLE).where({ token_id: tokenId }).first();
}

/**
 * The fence of DESIGN.md rule 6: every apply transaction holds a share lock on its directory row
 * and checks the status, so a disconnect (which takes the row exclusively) either waits for the
 * change to commit or makes it fail; no change commits after the freeze.
 */
export async function lockDirectoryForChange(trx: Knex.Transaction, directoryId: string): Promise<DirectoryRow | undefined> {
  return trx<DirectoryRow>(TABLE).where({ id: directoryId }).forShare().first();
}

/** When the last change from the IdP was applied. */
export async function lastSyncAt(db: Knex, directoryId: string): Promise<Date | null> {
  const row = await db('audit_log').where({ directory_id: directoryId }).max<{ max: Date | null }[]>({ max: 'created_at' }).first();
  return row?.max ?? null;
}
