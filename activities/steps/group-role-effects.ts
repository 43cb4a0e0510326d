import type { Knex } from 'knex';
import { mappedGroupRole, type Role, type RoleMapping } from '../../src/domain/roles';
import { listRoleMappings } from '../../src/stores/role-mappings';
import { adoptGroupResolutions, enqueueGroupMembers, enqueueUsers, type OutboxScope } from '../../src/stores/role-resolution-outbox';

export interface GroupChangeFacts {
  groupId: string;
  /** Display name before and after the change (undefined: the group did not / does not exist). */
  nameBefore?: string;
  nameAfter?: string;
  added: readonly string[];
  removed: readonly string[];
}

/**
 * Queues exactly the members whose role a group change can move: when the group's mapped role
 * changes (create, rename, delete) all its members, else, if the group is mapped, those added
 * and removed; and takes over what the group's earlier changes left queued. The account row is share-locked first, so a concurrent mapping change (which
 * locks it exclusively) is either seen here or sees this change.
 */
export async function enqueueGroupRoleEffects(trx: Knex.Transaction, scope: OutboxScope, facts: GroupChangeFacts): Promise<void> {
  await trx('accounts').where({ id: scope.accountId }).forShare().first('id');
  await adoptGroupResolutions(trx, facts.groupId, scope.changeId);
  const mappings = await listRoleMappings(trx, scope.accountId);
  const before = facts.nameBefore === undefined ? undefined : mappedRole(facts.nameBefore, mappings);
  const after = facts.nameAfter === undefined ? undefined : mappedRole(facts.nameAfter, mappings);
  if (before !== after) {
    if (facts.nameAfter !== undefined) await enqueueGroupMembers(trx, scope, facts.groupId);
    await enqueueUsers(trx, scope, facts.removed);
    if (facts.nameAfter === undefined) return;
  }
  if (after !== undefined || before !== undefined) await enqueueUsers(trx, scope, [...facts.added, ...facts.removed]);
}

function mappedRole(groupName: string, mappings: readonly RoleMapping[]): Role | undefined {
  return mappedGroupRole(groupName, mappings);
}
