import type { Tx } from '../../src/db/database';
import { groupRoleEffects, type GroupChangeFacts } from '../../src/domain/group-role-effects';
import { lockAccount } from '../../src/stores/accounts';
import { listRoleMappings } from '../../src/stores/role-mappings';
import { adoptGroupResolutions, enqueueGroupMembers, enqueueUsers, type OutboxScope } from '../../src/stores/role-resolution-outbox';

/**
 * Queues exactly the members whose role a group change can move (src/domain/group-role-effects.ts),
 * and takes over what the group's earlier changes left queued. The account row is share-locked
 * first, so a concurrent mapping change (which locks it exclusively) is either seen here or sees
 * this change.
 */
export async function enqueueGroupRoleEffects(tx: Tx, scope: OutboxScope, groupId: string, facts: GroupChangeFacts): Promise<void> {
  await lockAccount(tx, scope.accountId, 'share');
  await adoptGroupResolutions(tx, groupId, scope.changeId);
  const effects = groupRoleEffects(facts, await listRoleMappings(tx, scope.accountId));
  if (effects.allMembers) await enqueueGroupMembers(tx, scope, groupId);
  await enqueueUsers(tx, scope, effects.users);
}
