import type { Tx } from '../../src/db/database';
import { resolveRole, type Role } from '../../src/domain/roles';
import { groupNamesOfUser } from '../../src/stores/group-memberships';
import { listRoleMappings } from '../../src/stores/role-mappings';

/**
 * The role a SCIM user's groups give (rule 3), read fresh in the caller's transaction. A user in
 * no group gets the default whatever the mappings say, so they are not read.
 */
export async function resolvedRole(tx: Tx, accountId: string, scimUserId: string): Promise<Role> {
  const groups = await groupNamesOfUser(tx, scimUserId);
  return resolveRole(groups, groups.length === 0 ? [] : await listRoleMappings(tx, accountId));
}
