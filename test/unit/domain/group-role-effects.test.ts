import { groupRoleEffects, type GroupChangeFacts } from '../../../src/domain/group-role-effects';
import type { RoleMapping } from '../../../src/domain/roles';

const mappings: RoleMapping[] = [{ group: 'Engineering', role: 'member' }];
const facts = (f: Partial<GroupChangeFacts>): GroupChangeFacts => ({ added: [], removed: [], ...f });

describe('which roles a group change moves (docs/product-rules.md rule 3)', () => {
  it.each<[string, GroupChangeFacts, ReturnType<typeof groupRoleEffects>]>([
    [
      'creating a mapped group: all its members',
      facts({ nameAfter: 'knock-role-admin', added: ['a'] }),
      { allMembers: true, users: ['a'] },
    ],
    ['creating an unmapped group: nobody', facts({ nameAfter: 'Party', added: ['a'] }), { allMembers: false, users: [] }],
    [
      'deleting a mapped group: those it had',
      facts({ nameBefore: 'Engineering', removed: ['a', 'b'] }),
      { allMembers: false, users: ['a', 'b'] },
    ],
    ['deleting an unmapped group: nobody', facts({ nameBefore: 'Party', removed: ['a'] }), { allMembers: false, users: [] }],
    [
      'renaming into a mapped name: all members and those removed',
      facts({ nameBefore: 'Party', nameAfter: 'knock-role-owner', removed: ['c'] }),
      { allMembers: true, users: ['c'] },
    ],
    [
      'renaming out of a mapped name: all members',
      facts({ nameBefore: 'Engineering', nameAfter: 'Party' }),
      { allMembers: true, users: [] },
    ],
    [
      'renaming between names of the same role: only the membership change',
      facts({ nameBefore: 'engineering', nameAfter: 'knock-role-member', added: ['a'] }),
      { allMembers: false, users: ['a'] },
    ],
    [
      'membership change of a mapped group: added and removed',
      facts({ nameBefore: 'Engineering', nameAfter: 'Engineering', added: ['a'], removed: ['b'] }),
      { allMembers: false, users: ['a', 'b'] },
    ],
    [
      'membership change of an unmapped group: nobody',
      facts({ nameBefore: 'Party', nameAfter: 'Party', added: ['a'], removed: ['b'] }),
      { allMembers: false, users: [] },
    ],
    [
      'a user both added and removed is queued once',
      facts({ nameBefore: 'Engineering', nameAfter: 'Engineering', added: ['a'], removed: ['a'] }),
      { allMembers: false, users: ['a'] },
    ],
    [
      'a group named like a prototype member maps to nothing',
      facts({ nameAfter: 'constructor', added: ['a'] }),
      { allMembers: false, users: [] },
    ],
  ])('%s', (_, change, expected) => {
    expect(groupRoleEffects(change, mappings)).toEqual(expected);
  });
});
