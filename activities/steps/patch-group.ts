import type { Tx } from '../../src/db/database';
import { GROUP_READ_ONLY, type GroupAttributes } from '../../src/scim/group';
import { planGroupPatch } from '../../src/scim/group-patch';
import { applyPatch, type PatchOperation } from '../../src/scim/patch';
import { addMembers, removeMembers, removeMembersMatching, replaceMembers } from '../../src/stores/group-memberships';
import type { PatchOperationInput } from '../../workflows/contracts/json';
import { knownUsers } from './group-members';

export interface GroupPatchResult {
  attributes: GroupAttributes | Record<string, unknown>;
  attributesChanged: boolean;
  added: string[];
  removed: string[];
  /** Member ids to add that are not users of the directory: skipped, not fatal. */
  skipped: string[];
}

const RULES = { readOnly: GROUP_READ_ONLY, ignoredInValue: ['id', 'schemas', 'meta'] };

/**
 * Runs a group PATCH's steps (src/scim/group-patch.ts) inside the caller's transaction, in
 * operation order; any failure rolls all of it back.
 */
export async function patchGroup(
  tx: Tx,
  directoryId: string,
  groupId: string,
  attributes: Record<string, unknown>,
  operations: PatchOperationInput[],
): Promise<GroupPatchResult> {
  const result: GroupPatchResult = { attributes, attributesChanged: false, added: [], removed: [], skipped: [] };
  for (const step of planGroupPatch(operations as PatchOperation[])) {
    switch (step.kind) {
      case 'attributes':
        result.attributes = applyPatch(result.attributes, [step.operation], RULES);
        result.attributesChanged = true;
        break;
      case 'remove-members':
        result.removed.push(...(await removeMembers(tx, groupId, step.ids)));
        break;
      case 'remove-matching-members':
        result.removed.push(...(await removeMembersMatching(tx, groupId, step.filter)));
        break;
      case 'add-members': {
        const { known, skipped } = await knownUsers(tx, directoryId, step.ids);
        result.added.push(...(await addMembers(tx, groupId, known)));
        result.skipped.push(...skipped);
        break;
      }
      case 'replace-members': {
        const { known, skipped } = await knownUsers(tx, directoryId, step.ids);
        const change = await replaceMembers(tx, groupId, known);
        result.added.push(...change.added);
        result.removed.push(...change.removed);
        result.skipped.push(...skipped);
        break;
      }
    }
  }
  return result;
}
