import type { Knex } from 'knex';
import type { RoleMappingRow } from '../db/rows';
import type { RoleMapping } from '../domain/roles';

const TABLE = 'role_mappings';

export async function listRoleMappings(db: Knex, accountId: string): Promise<RoleMapping[]> {
  const rows = await db<RoleMappingRow>(TABLE).where({ account_id: accountId }).orderBy('group_name');
  return rows.map((row) => ({ group: row.group_name, role: row.role }));
}

export async function replaceRoleMappings(trx: Knex.Transaction, accountId: string, mappings: readonly RoleMapping[]): Promise<void> {
  await trx(TABLE).where({ account_id: accountId }).delete();
  if (mappings.length > 0) {
    await trx(TABLE).insert(mappings.map((m) => ({ account_id: accountId, group_name: m.group.trim(), role: m.role })));
  }
}
