/**
 * docs/product-rules.md rule 3, written out again from the spec as a plain table and a fold, so tests and the
 * bench verdict do not judge `src/domain/roles.ts` by itself (issue 10: an oracle taken from the
 * implementation agrees with every bug in it). Deliberately naive: no Map tricks, no shared code.
 */
const MOST_TO_LEAST_PRIVILEGED = ['owner', 'admin', 'member', 'billing', 'support'] as const;
export type ExpectedRole = (typeof MOST_TO_LEAST_PRIVILEGED)[number];

/** The five default group names (compared case-insensitively) and the role each gives. */
const DEFAULT_GROUPS: ReadonlyArray<readonly [string, ExpectedRole]> = [
  ['knock-role-owner', 'owner'],
  ['knock-role-admin', 'admin'],
  ['knock-role-member', 'member'],
  ['knock-role-billing', 'billing'],
  ['knock-role-support', 'support'],
];

export interface MappingRow {
  group: string;
  role: string;
}

function roleOfGroup(groupName: string, customMappings: readonly MappingRow[]): ExpectedRole | undefined {
  const name = groupName.toLowerCase();
  // A default name always wins: a custom mapping can never override it.
  const byDefault = DEFAULT_GROUPS.find(([defaultName]) => defaultName === name);
  if (byDefault) return byDefault[1];
  const custom = customMappings.find((mapping) => mapping.group.toLowerCase() === name);
  return MOST_TO_LEAST_PRIVILEGED.find((role) => role === custom?.role);
}

/** The most privileged role among the member's mapped groups; `support` when none is mapped. */
export function expectedRole(groupNames: Iterable<string>, customMappings: readonly MappingRow[]): ExpectedRole {
  let best = MOST_TO_LEAST_PRIVILEGED.length - 1;
  for (const group of groupNames) {
    const role = roleOfGroup(group, customMappings);
    if (role !== undefined) best = Math.min(best, MOST_TO_LEAST_PRIVILEGED.indexOf(role));
  }
  return MOST_TO_LEAST_PRIVILEGED[best]!;
}
