import type { Database, Tx } from '../db/database';
import '../db/tables';
import type { RoleMapping } from '../domain/roles';

const TABLE = 'role_mappings';

export async function listRoleMappings(db: Database, accountId: string): Promise<RoleMapping[]> {
  const rows = await db(TABLE).where({ account_id: accountId }).orderBy('group_name');
  return rows.map((row) => ({ group: row.group_name, role: row.role }));
}

export async function replaceRoleMappings(tx: Tx, accountId: string, mappings: readonly RoleMapping[]): Promise<void> {
  await tx(TABLE).where({ account_id: accountId }).delete();
  if (mappings.length > 0) {
    await tx(TABLE).insert(mappings.map((m) => ({ account_id: accountId, group_name: m.group.trim(), role: m.role })));
  }
}
