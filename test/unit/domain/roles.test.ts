import { defaultGroupRole, isDefaultGroupName, mappedGroupRole, resolveRole, type RoleMapping } from '../../../src/domain/roles';

const custom: RoleMapping[] = [
  { group: 'Engineering', role: 'member' },
  { group: 'Finance', role: 'billing' },
  { group: 'Founders', role: 'owner' },
  // A custom mapping for a default name never overrides it (rule 3).
  { group: 'knock-role-admin', role: 'support' },
];

describe('role resolution (docs/product-rules.md rule 3)', () => {
  it.each<[string[], RoleMapping[], string]>([
    [[], [], 'support'],
    // In no group, the mappings do not matter (the activities skip reading them).
    [[], custom, 'support'],
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

describe('role resolution with hostile group names (issue 9)', () => {
  const PROTOTYPE_NAMES = [
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
    'isPrototypeOf',
    'CONSTRUCTOR',
    ' __PROTO__ ',
  ];

  it.each(PROTOTYPE_NAMES)('a group named %j maps to no role, with or without mappings', (name) => {
    expect(resolveRole([name], [])).toBe('support');
    expect(resolveRole([name], custom)).toBe('support');
    // Even a mapping naming it does not apply: such names are never mappable.
    expect(resolveRole([name], [{ group: name, role: 'owner' }])).toBe('support');
    expect(mappedGroupRole(name, [{ group: name, role: 'owner' }])).toBeUndefined();
  });

  it('ignores a polluted-looking mapping table: prototype keys, inherited members, roles that are not roles', () => {
    const polluted = JSON.parse(
      '[{"group":"__proto__","role":"owner"},{"group":"Everyone","role":"toString"},{"group":"Finance","role":"billing","__proto__":{"role":"owner"}}]',
    ) as RoleMapping[];
    expect(resolveRole(['Everyone'], polluted)).toBe('support');
    expect(resolveRole(['Finance'], polluted)).toBe('billing');
    expect(resolveRole(['__proto__', 'Everyone'], polluted)).toBe('support');
  });

  it('is not fooled by a polluted Object.prototype', () => {
    const prototype = Object.prototype as unknown as Record<string, unknown>;
    Object.defineProperty(prototype, 'everyone', { value: 'owner', configurable: true, writable: true });
    Object.defineProperty(prototype, 'knock-role-everyone', { value: 'owner', configurable: true, writable: true });
    try {
      expect(resolveRole(['Everyone', 'knock-role-everyone'], [])).toBe('support');
      expect(resolveRole(['Everyone'], custom)).toBe('support');
      expect(isDefaultGroupName('everyone')).toBe(false);
    } finally {
      delete prototype.everyone;
      delete prototype['knock-role-everyone'];
    }
  });

  it('keeps default names unoverridable and finds them in any case', () => {
    expect(defaultGroupRole(' KNOCK-ROLE-OWNER ')).toBe('owner');
    expect(defaultGroupRole('constructor')).toBeUndefined();
    expect(isDefaultGroupName('knock-role-Admin')).toBe(true);
    expect(isDefaultGroupName('toString')).toBe(false);
  });
});
