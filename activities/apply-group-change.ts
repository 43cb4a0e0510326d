import type { Knex } from 'knex';
import { isUniqueViolation, type ScimGroupRow } from '../src/db/rows';
import { ScimError } from '../src/scim/errors';
import { normalizeGroupAttributes, type GroupAttributes } from '../src/scim/group';
import { recordAudit } from '../src/stores/audit-log';
import {
  addMembers,
  deleteGroup,
  insertGroup,
  lockGroup,
  removeMembers,
  replaceMembers,
  rowToStoredGroup,
  updateGroup,
  type GroupColumns,
} from '../src/stores/scim-groups';
import type { GroupChange, GroupChangeOutcome } from '../workflows/contracts/provision-group';
import { countQueued } from '../src/stores/role-resolution-outbox';
import { applyIdpChange } from './steps/idp-change';
import { enqueueGroupRoleEffects } from './steps/group-role-effects';
import { checkIfMatch } from './steps/if-match';
import { requireKnownUsers } from './steps/group-members';
import { patchGroup } from './steps/patch-group';

export interface ApplyGroupChangeInput {
  accountId: string;
  directoryId: string;
  scimGroupId: string;
  change: GroupChange;
}

/**
 * Applies one SCIM group change in one transaction (applyIdpChange: change-id dedup and the
 * directory fence): the group row, its memberships and the audit row.
 */
export function createApplyGroupChange(db: Knex) {
  return async function applyGroupChange(input: ApplyGroupChangeInput): Promise<GroupChangeOutcome> {
    const { accountId, directoryId, scimGroupId: id, change } = input;
    const scope = { changeId: change.changeId, accountId, directoryId, subjectType: 'group' as const, subjectId: id, action: change.command.kind };
    return applyIdpChange(db, scope, async (trx) => {
      const current = await lockGroup(trx, directoryId, id);
      const command = change.command;
      if (command.kind === 'create' && current) throw ScimError.conflict('A group with this id already exists');
      if (command.kind !== 'create') {
        if (!current) throw ScimError.notFound(`Group ${id} not found`);
        checkIfMatch(command.ifMatch, current.version);
      }

      let row: ScimGroupRow | undefined;
      let added: string[] = [];
      let removed: string[] = [];
      switch (command.kind) {
        case 'create': {
          await requireKnownUsers(trx, directoryId, command.members);
          row = await writeGroup(trx, directoryId, id, undefined, normalizeGroupAttributes(command.attributes));
          added = await addMembers(trx, id, command.members);
          break;
        }
        case 'replace': {
          const members = command.members ?? [];
          await requireKnownUsers(trx, directoryId, members);
          row = await writeGroup(trx, directoryId, id, current, normalizeGroupAttributes(command.attributes));
          ({ added, removed } = await replaceMembers(trx, id, members));
          break;
        }
        case 'patch': {
          const patched = await patchGroup(trx, directoryId, id, current!.attributes, command.operations);
          added = patched.added;
          removed = patched.removed;
          const attributes = patched.attributesChanged ? normalizeGroupAttributes(patched.attributes) : undefined;
          row = await writeGroup(trx, directoryId, id, current, attributes);
          break;
        }
        case 'delete': {
          removed = await removeMembers(trx, id);
          await deleteGroup(trx, id);
          break;
        }
      }

      const scope = { changeId: change.changeId, accountId, directoryId };
      await enqueueGroupRoleEffects(trx, scope, {
        groupId: id,
        ...(current ? { nameBefore: current.display_name } : {}),
        ...(row ? { nameAfter: row.display_name } : {}),
        added,
        removed,
      });
      const outcome: GroupChangeOutcome = {
        result: command.kind === 'create' ? 'created' : command.kind === 'delete' ? 'deleted' : 'updated',
        ...(row ? { group: rowToStoredGroup(row) } : {}),
        exists: row !== undefined,
        membersAdded: added.length,
        membersRemoved: removed.length,
        roleResolutionsQueued: await countQueued(trx, change.changeId),
      };
      await recordAudit(trx, {
        changeId: change.changeId,
        accountId,
        directoryId,
        subjectType: 'group',
        subjectId: id,
        action: command.kind,
        details: { membersAdded: added.length, membersRemoved: removed.length },
        outcome,
      });
      return outcome;
    });
  };
}

/** Inserts, updates (new attributes, or only a version bump when `attributes` is undefined). */
async function writeGroup(
  trx: Knex.Transaction,
  directoryId: string,
  id: string,
  current: ScimGroupRow | undefined,
  attributes: GroupAttributes | undefined,
): Promise<ScimGroupRow> {
  const columns: GroupColumns | undefined = attributes && {
    display_name: attributes.displayName,
    external_id: typeof attributes.externalId === 'string' ? attributes.externalId : null,
    attributes,
  };
  try {
    if (!current) return await insertGroup(trx, { id, directory_id: directoryId, ...columns! });
    return await updateGroup(trx, id, columns);
  } catch (error) {
    if (isUniqueViolation(error)) throw ScimError.conflict(`A group named ${attributes?.displayName} already exists`);
    throw error;
  }
}
