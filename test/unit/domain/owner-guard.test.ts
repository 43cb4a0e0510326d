import { decideAccess, isActiveOwner, ownerShift, releasedAccess, type Access } from '../../../src/domain/owner-guard';
import type { Role } from '../../../src/domain/roles';

const access = (role: Role, active = true): Access => ({ role, active });
const member = (role: Role, active = true) => ({ ...access(role, active), email: 'pat@example.com' });

describe('the last-owner guard (docs/product-rules.md rule 3)', () => {
  it.each<[string, Access, boolean]>([
    ['active owner', access('owner'), true],
    ['inactive owner', access('owner', false), false],
    ['active admin', access('admin'), false],
  ])('%s counts as an active owner: %s', (_, value, expected) => {
    expect(isActiveOwner(value)).toBe(expected);
  });

  it.each<[string, Access, Access, { losingOwner: boolean; gainingOwner: boolean }]>([
    ['demotion of an owner', access('owner'), access('admin'), { losingOwner: true, gainingOwner: false }],
    ['deactivation of an owner', access('owner'), access('owner', false), { losingOwner: true, gainingOwner: false }],
    ['promotion to owner', access('member'), access('owner'), { losingOwner: false, gainingOwner: true }],
    ['reactivation of an owner', access('owner', false), access('owner'), { losingOwner: false, gainingOwner: true }],
    ['owner stays owner', access('owner'), access('owner'), { losingOwner: false, gainingOwner: false }],
    ['admin to billing', access('admin'), access('billing'), { losingOwner: false, gainingOwner: false }],
    ['inactive owner demoted', access('owner', false), access('member'), { losingOwner: false, gainingOwner: false }],
  ])('%s', (_, current, desired, expected) => {
    expect(ownerShift(current, desired)).toEqual(expected);
  });

  it.each<[string, ReturnType<typeof member>, Access, number, ReturnType<typeof decideAccess>]>([
    [
      'the last owner demoted is held back',
      member('owner'),
      access('admin'),
      0,
      { kind: 'hold', reason: "The demotion to admin of pat@example.com is held back: it is the account's last active owner" },
    ],
    [
      'the last owner deactivated is held back',
      member('owner'),
      access('owner', false),
      0,
      { kind: 'hold', reason: "The deactivation of pat@example.com is held back: it is the account's last active owner" },
    ],
    ['an owner demoted while another owner exists applies', member('owner'), access('member'), 1, { kind: 'apply', releaseHeld: false }],
    ['a promotion applies and releases held changes', member('member'), access('owner'), 0, { kind: 'apply', releaseHeld: true }],
    ['a change between other roles applies', member('admin'), access('billing', false), 0, { kind: 'apply', releaseHeld: false }],
    ['an owner staying owner applies', member('owner'), access('owner'), 0, { kind: 'apply', releaseHeld: false }],
  ])('%s', (_, current, desired, otherOwners, expected) => {
    expect(decideAccess(current, desired, otherOwners)).toEqual(expected);
  });

  it.each<[string, Parameters<typeof releasedAccess>[0], Access]>([
    ['a held demotion applies the held role', { ...access('owner'), held_role: 'admin', held_active: true }, access('admin')],
    ['a held deactivation applies the held state', { ...access('owner'), held_role: 'owner', held_active: false }, access('owner', false)],
    ['nothing held keeps the current access', { ...access('owner'), held_role: null, held_active: null }, access('owner')],
  ])('%s', (_, held, expected) => {
    expect(releasedAccess(held)).toEqual(expected);
  });
});
