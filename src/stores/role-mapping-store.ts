import type { Knex } from 'knex';
import type { RoleMappingRow } from '../db/rows';
import type { RoleMapping } from '../domain/roles';

export async function listRoleMappings(db: Knex, accountId: string): Promise<RoleMapping[]> {
  const rows = await db<RoleMappingRow>('role_mappings').where({ account_id: accountId }).orderBy('group_name');
  return rows.map((row) => ({ group: row.group_name, role: row.role }));
}
