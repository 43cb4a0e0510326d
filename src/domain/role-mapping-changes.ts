import { RequestRejected } from './request-rejected';
import { isDefaultGroupName, type RoleMapping } from './roles';

/** docs/product-rules.md rule 3: support's custom mappings, and which groups a new table affects. */

/** The default groups (knock-role-*) keep their roles: a table remapping one is refused whole. */
export function refuseDefaultGroupMappings(mappings: readonly RoleMapping[]): void {
  const defaults = mappings.filter((m) => isDefaultGroupName(m.group)).map((m) => m.group);
  if (defaults.length > 0) {
    throw new RequestRejected(400, 'default_group_name', `The default groups (knock-role-*) cannot be remapped: ${defaults.join(', ')}`);
  }
}

/** Mappings as stored: group names trimmed. */
export function normalizedMappings(mappings: readonly RoleMapping[]): RoleMapping[] {
  return mappings.map((m) => ({ group: m.group.trim(), role: m.role }));
}

/** Lower-cased names of the groups whose mapped role differs between two tables. */
export function changedGroupNames(before: readonly RoleMapping[], after: readonly RoleMapping[]): string[] {
  const table = (mappings: readonly RoleMapping[]) => new Map(mappings.map((m) => [m.group.trim().toLowerCase(), m.role]));
  const old = table(before);
  const next = table(after);
  return [...new Set([...old.keys(), ...next.keys()])].filter((name) => old.get(name) !== next.get(name));
}
