import type { Knex } from 'knex';
import type { AccountRow } from '../db/rows';

const TABLE = 'accounts';

export async function findAccount(db: Knex, id: string): Promise<AccountRow | undefined> {
  return db<AccountRow>(TABLE).where({ id }).first();
}

/** Returns undefined when the id is taken. */
export async function insertAccount(db: Knex, account: Pick<AccountRow, 'id' | 'name'>): Promise<AccountRow | undefined> {
  const [row] = await db<AccountRow>(TABLE).insert(account).onConflict('id').ignore().returning('*');
  return row;
}
