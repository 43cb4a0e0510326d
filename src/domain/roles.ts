/** docs/product-rules.md rule 3: roles, their order, and how group membership maps to one. */

export const ROLES = ['owner', 'admin', 'member', 'billing', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** Lower index = more privileged. */
const PRIVILEGE: ReadonlyMap<Role, number> = new Map(ROLES.map((role, index) => [role, index]));

export const DEFAULT_ROLE: Role = 'support';

/**
 * Keyed by group display names, which come from the IdP: a Map, so a group named `constructor`,
 * `toString` or `__proto__` finds nothing (issue 9: a plain object lookup returned inherited
 * members for such names).
 */
export const DEFAULT_GROUP_ROLES: ReadonlyMap<string, Role> = new Map<string, Role>([
  ['knock-role-owner', 'owner'],
  ['knock-role-admin', 'admin'],
  ['knock-role-member', 'member'],
  ['knock-role-billing', 'billing'],
  ['knock-role-support', 'support'],
]);

/** The role a default group name maps to (case-insensitive, trimmed), if it is one. */
export function defaultGroupRole(groupName: string): Role | undefined {
  return DEFAULT_GROUP_ROLES.get(groupName.trim().toLowerCase());
}

export interface RoleMapping {
  group: string;
  role: Role;
}

/**
 * Names of `Object.prototype` members (and `prototype`), lower-cased: a group so named maps to no
 * role, whatever a mapping table says (issue 9: such names once matched inherited members).
 */
const PROTOTYPE_MEMBER_NAMES: ReadonlySet<string> = new Set(
  [...Object.getOwnPropertyNames(Object.prototype), 'prototype'].map((name) => name.toLowerCase()),
);

function mappableName(groupName: string): string | undefined {
  const key = groupName.trim().toLowerCase();
  return PROTOTYPE_MEMBER_NAMES.has(key) ? undefined : key;
}

/** Whether a group of this name can map to a role at all (not a prototype member's name). */
export function isMappableGroupName(groupName: string): boolean {
  return mappableName(groupName) !== undefined;
}

export function isDefaultGroupName(groupName: string): boolean {
  return defaultGroupRole(groupName) !== undefined;
}

export function mostPrivileged(roles: Iterable<Role>): Role | undefined {
  let best: Role | undefined;
  for (const role of roles) if (PRIVILEGE.has(role) && (best === undefined || PRIVILEGE.get(role)! < PRIVILEGE.get(best)!)) best = role;
  return best;
}

/**
 * The role a member holds given the display names of the groups it belongs to and the account's
 * custom mappings: the most privileged mapped role, `support` when no group is mapped. Group
 * names compare case-insensitively; the default names can never be overridden by a custom mapping.
 */
export function resolveRole(groupNames: Iterable<string>, customMappings: readonly RoleMapping[]): Role {
  const custom = customTable(customMappings);
  const roles: Role[] = [];
  for (const name of groupNames) {
    const role = roleOf(name, custom);
    if (role) roles.push(role);
  }
  return mostPrivileged(roles) ?? DEFAULT_ROLE;
}

/** The role one group name maps to (default or custom), undefined when it is not mapped. */
export function mappedGroupRole(groupName: string, customMappings: readonly RoleMapping[]): Role | undefined {
  return roleOf(groupName, customTable(customMappings));
}

function roleOf(groupName: string, custom: ReadonlyMap<string, Role>): Role | undefined {
  const key = mappableName(groupName);
  return key === undefined ? undefined : (DEFAULT_GROUP_ROLES.get(key) ?? custom.get(key));
}

function customTable(customMappings: readonly RoleMapping[]): ReadonlyMap<string, Role> {
  const custom = new Map<string, Role>();
  for (const mapping of customMappings) {
    const key = mappableName(mapping.group);
    // Only real roles count: a stored table can never grant something that is not a role.
    if (key !== undefined && !DEFAULT_GROUP_ROLES.has(key) && PRIVILEGE.has(mapping.role)) {
      custom.set(key, mapping.role);
    }
  }
  return custom;
}
