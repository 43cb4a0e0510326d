import type { Knex } from 'knex';
import { RequestRejected } from '../src/domain/request-rejected';
import { isDefaultGroupName, type RoleMapping } from '../src/domain/roles';
import { findRecordedOutcome, recordAudit } from '../src/stores/audit-log';
import { listRoleMappings, replaceRoleMappings } from '../src/stores/role-mappings';
import { countQueued, enqueueMembersOfGroupsNamed } from '../src/stores/role-resolution-outbox';
import type { RoleMappingsSaved } from '../workflows/contracts/update-role-mappings';
import { encodeFailures } from './failures';

/**
 * Replaces an account's custom mappings and, in the same transaction, queues the members of
 * every group whose mapped role changed. The account row is locked exclusively, so group changes
 * (which share-lock it) are serialised against this one and no affected member is missed.
 */
export function createSaveRoleMappings(db: Knex) {
  return async function saveRoleMappings(input: { accountId: string; mappings: RoleMapping[]; changeId: string }): Promise<RoleMappingsSaved> {
    return encodeFailures(() =>
      db.transaction(async (trx) => {
        const recorded = await findRecordedOutcome<RoleMappingsSaved>(trx, input.changeId);
        if (recorded) return recorded;
        const account = await trx('accounts').where({ id: input.accountId }).forUpdate().first('id');
        if (!account) throw new RequestRejected(404, 'account_not_found', `No account ${input.accountId}`);
        const defaults = input.mappings.filter((m) => isDefaultGroupName(m.group)).map((m) => m.group);
        if (defaults.length > 0) {
          throw new RequestRejected(400, 'default_group_name', `The default groups (knock-role-*) cannot be remapped: ${defaults.join(', ')}`);
        }
        const before = new Map((await listRoleMappings(trx, input.accountId)).map((m) => [m.group.trim().toLowerCase(), m.role]));
        const after = new Map(input.mappings.map((m) => [m.group.trim().toLowerCase(), m.role]));
        const changed = [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));

        await replaceRoleMappings(trx, input.accountId, input.mappings);
        await enqueueMembersOfGroupsNamed(trx, input.changeId, input.accountId, changed);
        const outcome: RoleMappingsSaved = {
          mappings: input.mappings.map((m) => ({ group: m.group.trim(), role: m.role })),
          changedGroups: changed,
          roleResolutionsQueued: await countQueued(trx, input.changeId),
        };
        await recordAudit(trx, {
          changeId: input.changeId,
          accountId: input.accountId,
          directoryId: null,
          subjectType: 'account',
          subjectId: input.accountId,
          action: 'role-mappings',
          details: { changedGroups: changed },
          outcome,
        });
        return outcome;
      }),
    );
  };
}
