/** DESIGN.md rule 3: roles, their order, and how group membership maps to one. */

export const ROLES = ['owner', 'admin', 'member', 'billing', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** Lower index = more privileged. */
const PRIVILEGE: Record<Role, number> = { owner: 0, admin: 1, member: 2, billing: 3, support: 4 };

export const DEFAULT_ROLE: Role = 'support';

export const DEFAULT_GROUP_ROLES: Readonly<Record<string, Role>> = {
  'knock-role-owner': 'owner',
  'knock-role-admin': 'admin',
  'knock-role-member': 'member',
  'knock-role-billing': 'billing',
  'knock-role-support': 'support',
};

export interface RoleMapping {
  group: string;
  role: Role;
}

export function isDefaultGroupName(groupName: string): boolean {
  return groupName.trim().toLowerCase() in DEFAULT_GROUP_ROLES;
}

export function mostPrivileged(roles: Iterable<Role>): Role | undefined {
  let best: Role | undefined;
  for (const role of roles) if (best === undefined || PRIVILEGE[role] < PRIVILEGE[best]) best = role;
  return best;
}

/**
 * The role a member holds given the display names of the groups it belongs to and the account's
 * custom mappings: the most privileged mapped role, `support` when no group is mapped. Group
 * names compare case-insensitively; the default names can never be overridden by a custom mapping.
 */
export function resolveRole(groupNames: Iterable<string>, customMappings: readonly RoleMapping[]): Role {
  const custom = new Map<string, Role>();
  for (const mapping of customMappings) {
    const key = mapping.group.trim().toLowerCase();
    if (!(key in DEFAULT_GROUP_ROLES)) custom.set(key, mapping.role);
  }
  const roles: Role[] = [];
  for (const name of groupNames) {
    const key = name.trim().toLowerCase();
    const role = DEFAULT_GROUP_ROLES[key] ?? custom.get(key);
    if (role) roles.push(role);
  }
  return mostPrivileged(roles) ?? DEFAULT_ROLE;
}
