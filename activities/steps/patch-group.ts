import type { Knex } from 'knex';
import { ScimError } from '../../src/scim/errors';
import { isObject } from '../../src/scim/filter/evaluate';
import { GROUP_READ_ONLY, memberIds, type GroupAttributes } from '../../src/scim/group';
import { applyPatch, type PatchOperation } from '../../src/scim/patch';
import { parsePatchPath } from '../../src/scim/patch-path';
import { addMembers, removeMembers, removeMembersMatching, replaceMembers } from '../../src/stores/scim-groups';
import type { PatchOperationInput } from '../../workflows/contracts/json';
import { requireKnownUsers } from './group-members';

export interface GroupPatchResult {
  attributes: GroupAttributes | Record<string, unknown>;
  attributesChanged: boolean;
  added: string[];
  removed: string[];
}

const RULES = { readOnly: GROUP_READ_ONLY, ignoredInValue: ['id', 'schemas', 'meta'] };

/**
 * Applies a group PATCH inside the caller's transaction. Member operations run as SQL on the
 * membership table (a 10,000-member group is never loaded); the other operations apply to the
 * group's attributes in memory. Operation order is kept; any failure rolls all of it back.
 */
export async function patchGroup(
  trx: Knex.Transaction,
  directoryId: string,
  groupId: string,
  attributes: Record<string, unknown>,
  operations: PatchOperationInput[],
): Promise<GroupPatchResult> {
  let current = attributes;
  let attributesChanged = false;
  const added: string[] = [];
  const removed: string[] = [];

  const applyToAttributes = (operation: PatchOperation) => {
    current = applyPatch(current, [operation], RULES);
    attributesChanged = true;
  };

  const applyToMembers = async (op: PatchOperation['op'], value: unknown, pathText: string) => {
    if (op === 'remove') {
      removed.push(...(await removeMembers(trx, groupId, value === undefined || value === null ? undefined : memberIds(value))));
      return;
    }
    if (value === undefined) throw ScimError.badRequest('invalidValue', `'${op}' on '${pathText}' needs a value`);
    const ids = memberIds(value);
    await requireKnownUsers(trx, directoryId, ids);
    if (op === 'add') {
      added.push(...(await addMembers(trx, groupId, ids)));
    } else {
      const change = await replaceMembers(trx, groupId, ids);
      added.push(...change.added);
      removed.push(...change.removed);
    }
  };

  for (const operation of operations as PatchOperation[]) {
    if (operation.path === undefined) {
      if (!isObject(operation.value)) {
        if (operation.op === 'remove') throw ScimError.badRequest('noTarget', "A 'remove' operation needs a path");
        throw ScimError.badRequest('invalidValue', `A '${operation.op}' without a path needs an object value`);
      }
      // Okta re-sends `{id, displayName}` with every membership change; members may ride along.
      const { members, rest } = splitMembers(operation.value);
      if (members !== undefined) await applyToMembers(operation.op, members, 'members');
      if (Object.keys(rest).length > 0) applyToAttributes({ ...operation, value: rest });
      continue;
    }
    const path = parsePatchPath(operation.path);
    if (path.extension || path.attr.toLowerCase() !== 'members') {
      applyToAttributes(operation);
      continue;
    }
    if (path.sub) throw ScimError.badRequest('invalidPath', `'${operation.path}': change members as a whole, by value`);
    if (path.filter) {
      if (operation.op !== 'remove') {
        throw ScimError.badRequest('invalidPath', `'${operation.op}' with a member filter is not supported; add members by value`);
      }
      removed.push(...(await removeMembersMatching(trx, groupId, path.filter)));
      continue;
    }
    await applyToMembers(operation.op, operation.value, operation.path);
  }
  return { attributes: current, attributesChanged, added, removed };
}

function splitMembers(value: Record<string, unknown>): { members: unknown; rest: Record<string, unknown> } {
  const rest = new Map<string, unknown>();
  let members: unknown;
  for (const [key, entry] of Object.entries(value)) {
    if (key.toLowerCase() === 'members') members = entry;
    else rest.set(key, entry);
  }
  // Object.fromEntries defines own properties: a `__proto__` key cannot reach a prototype (issue 9).
  return { members, rest: Object.fromEntries(rest) };
}
