import { changedGroupNames, normalizedMappings, refuseDefaultGroupMappings } from '../../../src/domain/role-mapping-changes';
import type { RoleMapping } from '../../../src/domain/roles';

describe('custom role mappings (docs/product-rules.md rule 3)', () => {
  it.each<[string, RoleMapping[], RoleMapping[], string[]]>([
    ['nothing changed', [{ group: 'Eng', role: 'member' }], [{ group: ' eng ', role: 'member' }], []],
    ['a new mapping', [], [{ group: 'Eng', role: 'member' }], ['eng']],
    ['a removed mapping', [{ group: 'Eng', role: 'member' }], [], ['eng']],
    ['a changed role', [{ group: 'Eng', role: 'member' }], [{ group: 'ENG', role: 'admin' }], ['eng']],
    [
      'several at once',
      [
        { group: 'A', role: 'member' },
        { group: 'B', role: 'admin' },
      ],
      [
        { group: 'B', role: 'admin' },
        { group: 'C', role: 'owner' },
      ],
      ['a', 'c'],
    ],
  ])('%s', (_, before, after, changed) => {
    expect(changedGroupNames(before, after).sort()).toEqual(changed);
  });

  it('stores group names trimmed', () => {
    expect(normalizedMappings([{ group: '  Eng ', role: 'member' }])).toEqual([{ group: 'Eng', role: 'member' }]);
  });

  it('refuses a table that remaps a default group, and accepts one that does not', () => {
    expect(() =>
      refuseDefaultGroupMappings([
        { group: 'Eng', role: 'admin' },
        { group: 'KNOCK-ROLE-owner', role: 'member' },
      ]),
    ).toThrow(expect.objectContaining({ status: 400, code: 'default_group_name' }));
    expect(() => refuseDefaultGroupMappings([{ group: 'Eng', role: 'admin' }])).not.toThrow();
  });
});
