import { mappedGroupRole, type RoleMapping } from './roles';

/** docs/product-rules.md rule 3: which members' roles a group change can move. */

export interface GroupChangeFacts {
  /** Display name before and after the change (undefined: the group did not / does not exist). */
  nameBefore?: string;
  nameAfter?: string;
  added: readonly string[];
  removed: readonly string[];
}

export interface RoleEffects {
  /** Every current member of the group (the group's mapped role changed). */
  allMembers: boolean;
  /** These users (duplicates collapse). */
  users: string[];
}

/**
 * When the group's mapped role changes (create, rename, delete) all its members, and those it
 * lost; else, if the group is mapped, those added and removed; else nobody.
 */
export function groupRoleEffects(facts: GroupChangeFacts, mappings: readonly RoleMapping[]): RoleEffects {
  const before = facts.nameBefore === undefined ? undefined : mappedGroupRole(facts.nameBefore, mappings);
  const after = facts.nameAfter === undefined ? undefined : mappedGroupRole(facts.nameAfter, mappings);
  const users = new Set<string>();
  let allMembers = false;
  if (before !== after) {
    allMembers = facts.nameAfter !== undefined;
    for (const id of facts.removed) users.add(id);
    if (facts.nameAfter === undefined) return { allMembers, users: [...users] };
  }
  if (after !== undefined || before !== undefined) for (const id of [...facts.added, ...facts.removed]) users.add(id);
  return { allMembers, users: [...users] };
}
