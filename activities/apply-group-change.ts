import type { Database, Tx } from '../src/db/database';
import type { ScimGroupRow } from '../src/db/rows';
import { checkGroupCommand, summarizeSkippedMembers } from '../src/domain/group-change';
import { normalizeGroupAttributes } from '../src/scim/group';
import { recordAudit } from '../src/stores/audit-log';
import { runChange } from '../src/stores/change-transaction';
import { addMembers, removeMembers, replaceMembers } from '../src/stores/group-memberships';
import { countQueued } from '../src/stores/role-resolution-outbox';
import { deleteGroup, lockGroup, rowToStoredGroup, saveGroup } from '../src/stores/scim-groups';
import type { GroupChange, GroupChangeOutcome } from '../workflows/contracts/provision-group';
import { encodeFailures } from './failures';
import { knownUsers } from './steps/group-members';
import { enqueueGroupRoleEffects } from './steps/group-role-effects';
import { patchGroup } from './steps/patch-group';

export interface ApplyGroupChangeInput {
  accountId: string;
  directoryId: string;
  scimGroupId: string;
  change: GroupChange;
}

interface Written {
  row?: ScimGroupRow;
  added: string[];
  removed: string[];
  /** Member ids that are not users of the directory: skipped, the rest applied. */
  skipped: string[];
}

/**
 * Applies one SCIM group change in one transaction (runChange: change-id dedup and the directory
 * fence): the group row, its memberships, the role resolutions it causes and the audit row.
 */
export function createApplyGroupChange(db: Database) {
  return async function applyGroupChange(input: ApplyGroupChangeInput): Promise<GroupChangeOutcome> {
    const { accountId, directoryId, scimGroupId: id, change } = input;
    const command = change.command;
    const subject = { accountId, directoryId, subjectType: 'group' as const, subjectId: id, action: command.kind };
    const options = { changeId: change.changeId, fenceDirectoryId: directoryId, recordRefusalAs: subject };
    return encodeFailures(() =>
      runChange(db, options, async (tx) => {
        const current = await lockGroup(tx, directoryId, id);
        checkGroupCommand(command, id, current);
        const { row, added, removed, skipped } = await writeGroup(tx, input, current);
        const skippedMembers = summarizeSkippedMembers(skipped);

        await enqueueGroupRoleEffects(tx, { changeId: change.changeId, accountId, directoryId }, id, {
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
          membersSkipped: skippedMembers.count,
          roleResolutionsQueued: await countQueued(tx, change.changeId),
        };
        await recordAudit(tx, {
          ...subject,
          changeId: change.changeId,
          details: {
            // The name at the time (a deleted group's row keeps it), and the old one on a rename.
            name: row?.display_name ?? current?.display_name,
            ...(current && row && current.display_name !== row.display_name ? { nameBefore: current.display_name } : {}),
            membersAdded: added.length,
            membersRemoved: removed.length,
            // Bounded: the count, and the first few ids (docs/scim-support.md, Groups).
            ...(skippedMembers.count > 0 ? { membersSkipped: skippedMembers.count, skippedMembers: skippedMembers.sample } : {}),
          },
          outcome,
        });
        return outcome;
      }),
    );
  };
}

/** The group row and memberships after the command; `current` exists unless it is a create. */
async function writeGroup(tx: Tx, input: ApplyGroupChangeInput, current: ScimGroupRow | undefined): Promise<Written> {
  const { directoryId, scimGroupId: id } = input;
  const command = input.change.command;
  switch (command.kind) {
    case 'create': {
      const { known, skipped } = await knownUsers(tx, directoryId, command.members);
      const row = await saveGroup(tx, directoryId, id, false, normalizeGroupAttributes(command.attributes));
      return { row, added: await addMembers(tx, id, known), removed: [], skipped };
    }
    case 'replace': {
      const { known, skipped } = await knownUsers(tx, directoryId, command.members ?? []);
      const row = await saveGroup(tx, directoryId, id, true, normalizeGroupAttributes(command.attributes));
      return { row, ...(await replaceMembers(tx, id, known)), skipped };
    }
    case 'patch': {
      const patched = await patchGroup(tx, directoryId, id, current!.attributes, command.operations);
      const attributes = patched.attributesChanged ? normalizeGroupAttributes(patched.attributes) : undefined;
      return {
        row: await saveGroup(tx, directoryId, id, true, attributes),
        added: patched.added,
        removed: patched.removed,
        skipped: patched.skipped,
      };
    }
    case 'delete': {
      const removed = await removeMembers(tx, id);
      await deleteGroup(tx, id);
      return { added: [], removed, skipped: [] };
    }
  }
}
