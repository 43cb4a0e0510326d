import { resolveRole, type RoleMapping } from '../../../src/domain/roles';

const custom: RoleMapping[] = [
  { group: 'Engineering', role: 'member' },
  { group: 'Finance', role: 'billing' },
  { group: 'Founders', role: 'owner' },
  // A custom mapping for a default name never overrides it (rule 3).
  { group: 'knock-role-admin', role: 'support' },
];

describe('role resolution (DESIGN.md rule 3)', () => {
  it.each<[string[], RoleMapping[], string]>([
    [[], [], 'support'],
    [['Unmapped'], custom, 'support'],
    [['knock-role-owner'], [], 'owner'],
    [['KNOCK-ROLE-Admin'], [], 'admin'],
    [['knock-role-billing', 'knock-role-member'], [], 'member'],
    [['knock-role-support', 'knock-role-billing'], [], 'billing'],
    [['engineering'], custom, 'member'],
    [['Finance', 'Unmapped'], custom, 'billing'],
    [['Finance', 'knock-role-admin'], custom, 'admin'],
    [['knock-role-admin'], custom, 'admin'],
    [['Founders', 'knock-role-admin'], custom, 'owner'],
    [[' knock-role-member '], [], 'member'],
  ])('groups %j with mappings → %s', (groups, mappings, expected) => {
    expect(resolveRole(groups, mappings)).toBe(expected);
  });
});
