import type { Database } from '../src/db/database';
import { changedGroupNames, normalizedMappings, refuseDefaultGroupMappings } from '../src/domain/role-mapping-changes';
import { RequestRejected } from '../src/domain/request-rejected';
import type { RoleMapping } from '../src/domain/roles';
import { lockAccount } from '../src/stores/accounts';
import { recordAudit } from '../src/stores/audit-log';
import { runChange } from '../src/stores/change-transaction';
import { listRoleMappings, replaceRoleMappings } from '../src/stores/role-mappings';
import { countQueued, enqueueMembersOfGroupsNamed } from '../src/stores/role-resolution-outbox';
import type { RoleMappingsSaved } from '../workflows/contracts/update-role-mappings';
import { currentWorkflowId } from './current-workflow';
import { encodeFailures } from './failures';

/**
 * Replaces an account's custom mappings and, in the same transaction, queues the members of
 * every group whose mapped role changed. The account row is locked exclusively, so group changes
 * (which share-lock it) are serialised against this one and no affected member is missed.
 */
export function createSaveRoleMappings(db: Database) {
  return async function saveRoleMappings(input: {
    accountId: string;
    mappings: RoleMapping[];
    changeId: string;
  }): Promise<RoleMappingsSaved> {
    return encodeFailures(() =>
      runChange(db, { changeId: input.changeId }, async (tx) => {
        if (!(await lockAccount(tx, input.accountId, 'update')))
          throw new RequestRejected(404, 'account_not_found', `No account ${input.accountId}`);
        refuseDefaultGroupMappings(input.mappings);
        const changed = changedGroupNames(await listRoleMappings(tx, input.accountId), input.mappings);

        await replaceRoleMappings(tx, input.accountId, input.mappings);
        await enqueueMembersOfGroupsNamed(tx, input.changeId, input.accountId, changed);
        const workflowId = currentWorkflowId();
        const outcome: RoleMappingsSaved = {
          mappings: normalizedMappings(input.mappings),
          changedGroups: changed,
          roleResolutionsQueued: await countQueued(tx, input.changeId),
        };
        await recordAudit(tx, {
          changeId: input.changeId,
          accountId: input.accountId,
          directoryId: null,
          subjectType: 'account',
          subjectId: input.accountId,
          action: 'role-mappings',
          details: { changedGroups: changed, ...(workflowId ? { workflowId } : {}) },
          outcome,
        });
        return outcome;
      }),
    );
  };
}
