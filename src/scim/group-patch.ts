import { ScimError } from './errors';
import type { Filter } from './filter/ast';
import { isObject } from './filter/evaluate';
import { memberIds } from './group';
import type { PatchOperation } from './patch';
import { parsePatchPath } from './patch-path';

/**
 * A group PATCH split into steps, in operation order: member steps run as SQL on the membership
 * table (a 10,000-member group is never loaded), attribute steps apply to the group's attributes
 * in memory. Pure; refuses what cannot apply before anything is written.
 */
export type GroupPatchStep =
  | { kind: 'attributes'; operation: PatchOperation }
  /** `ids` undefined: remove every member. */
  | { kind: 'remove-members'; ids?: string[] }
  | { kind: 'add-members'; ids: string[] }
  | { kind: 'replace-members'; ids: string[] }
  | { kind: 'remove-matching-members'; filter: Filter };

export function planGroupPatch(operations: readonly PatchOperation[]): GroupPatchStep[] {
  const steps: GroupPatchStep[] = [];
  for (const operation of operations) {
    if (operation.path === undefined) {
      if (!isObject(operation.value)) {
        if (operation.op === 'remove') throw ScimError.badRequest('noTarget', "A 'remove' operation needs a path");
        throw ScimError.badRequest('invalidValue', `A '${operation.op}' without a path needs an object value`);
      }
      // Okta re-sends `{id, displayName}` with every membership change; members may ride along.
      const { members, rest } = splitMembers(operation.value);
      if (members !== undefined) steps.push(memberStep(operation.op, members, 'members'));
      if (Object.keys(rest).length > 0) steps.push({ kind: 'attributes', operation: { ...operation, value: rest } });
      continue;
    }
    const path = parsePatchPath(operation.path);
    if (path.extension || path.attr.toLowerCase() !== 'members') {
      steps.push({ kind: 'attributes', operation });
      continue;
    }
    if (path.sub) throw ScimError.badRequest('invalidPath', `'${operation.path}': change members as a whole, by value`);
    if (path.filter) {
      if (operation.op !== 'remove') {
        throw ScimError.badRequest('invalidPath', `'${operation.op}' with a member filter is not supported; add members by value`);
      }
      steps.push({ kind: 'remove-matching-members', filter: path.filter });
      continue;
    }
    steps.push(memberStep(operation.op, operation.value, operation.path));
  }
  return steps;
}

function memberStep(op: PatchOperation['op'], value: unknown, pathText: string): GroupPatchStep {
  if (op === 'remove')
    return value === undefined || value === null ? { kind: 'remove-members' } : { kind: 'remove-members', ids: memberIds(value) };
  if (value === undefined) throw ScimError.badRequest('invalidValue', `'${op}' on '${pathText}' needs a value`);
  return { kind: op === 'add' ? 'add-members' : 'replace-members', ids: memberIds(value) };
}

function splitMembers(value: Record<string, unknown>): { members: unknown; rest: Record<string, unknown> } {
  const rest = new Map<string, unknown>();
  let members: unknown;
  for (const [key, entry] of Object.entries(value)) {
    if (key.toLowerCase() === 'members') members = entry;
    else rest.set(key, entry);
  }
  // Object.fromEntries defines own properties: a `__proto__` key cannot reach a prototype.
  return { members, rest: Object.fromEntries(rest) };
}
