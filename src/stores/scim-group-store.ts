import type { Knex } from 'knex';

export async function countGroups(db: Knex, directoryId: string): Promise<number> {
  const row = await db('scim_groups').where({ directory_id: directoryId }).count<{ count: number | string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}
