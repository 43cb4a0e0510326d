import { eventKinds, roleMoved } from '../../../src/domain/audit-events';
import { decodeCursor, encodeCursor } from '../../../src/domain/feed-cursor';
import { RequestRejected } from '../../../src/domain/request-rejected';

describe('events feed: what an audit row means', () => {
  it.each([
    [{ subjectType: 'user', action: 'create', details: { role: 'support' } }, ['user.created']],
    [{ subjectType: 'user', action: 'patch', details: { active: false, activeBefore: true } }, ['user.deactivated']],
    [
      { subjectType: 'user', action: 'replace', details: { active: true, activeBefore: false, role: 'admin', roleBefore: 'support' } },
      ['user.reactivated', 'role.changed'],
    ],
    // Recorded before `activeBefore` existed: an update, as the row cannot tell more.
    [{ subjectType: 'user', action: 'patch', details: { active: false } }, ['user.updated']],
    [{ subjectType: 'user', action: 'delete', details: {} }, ['user.deleted']],
    [{ subjectType: 'user', action: 'resolve-role', details: { from: 'member', to: 'owner' } }, ['role.changed']],
    [{ subjectType: 'user', action: 'patch', details: { failed: { status: 412 } } }, ['change.failed']],
    [{ subjectType: 'user', action: 'patch', details: {}, outcome: { failure: { status: 400 } } }, ['change.failed']],
    [{ subjectType: 'group', action: 'create', details: { membersAdded: 2, membersRemoved: 0 } }, ['group.created', 'membership.changed']],
    [{ subjectType: 'group', action: 'patch', details: { nameBefore: 'A', membersAdded: 0, membersRemoved: 0 } }, ['group.renamed']],
    [{ subjectType: 'group', action: 'patch', details: { membersAdded: 0, membersRemoved: 3 } }, ['membership.changed']],
    [{ subjectType: 'group', action: 'replace', details: { membersAdded: 0, membersRemoved: 0 } }, ['group.updated']],
    [{ subjectType: 'group', action: 'delete', details: { membersRemoved: 1 } }, ['group.deleted', 'membership.changed']],
    [{ subjectType: 'directory', action: 'connect', details: {} }, ['directory.pending']],
    [{ subjectType: 'directory', action: 'connected', details: {} }, ['directory.connected']],
    [{ subjectType: 'directory', action: 'rotate-token', details: {} }, ['directory.token-rotated']],
    [{ subjectType: 'directory', action: 'disconnect', details: {} }, ['directory.disconnected']],
    [{ subjectType: 'account', action: 'role-mappings', details: {} }, ['mappings.changed']],
    [{ subjectType: 'member', action: 'dashboard-invite', details: { role: 'admin' } }, ['member.invited']],
    [
      { subjectType: 'member', action: 'dashboard-set-role', details: { role: 'admin', roleBefore: 'member' } },
      ['member.role-set', 'role.changed'],
    ],
  ])('%j → %j', (facts, kinds) => {
    expect(eventKinds(facts)).toEqual(kinds);
  });

  it('a role that stayed where it was is no change', () => {
    expect(roleMoved({ from: 'admin', to: 'admin' })).toBe(false);
    expect(roleMoved({ role: 'admin' })).toBe(false);
    expect(roleMoved({ role: 'admin', roleBefore: 'owner' })).toBe(true);
  });
});

describe('events feed cursor', () => {
  it('round-trips a position and refuses anything it did not make', () => {
    const position = { tx: '18446744073709551615', id: '9223372036854775807' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    const bad = [
      '',
      'x',
      Buffer.from('v1:1:2:3').toString('base64url'),
      Buffer.from('v2:1:2').toString('base64url'),
      Buffer.from('v1:18446744073709551616:1').toString('base64url'),
      Buffer.from('v1:1:9223372036854775808').toString('base64url'),
      Buffer.from('v1:-1:2').toString('base64url'),
      'a'.repeat(81),
      '__proto__',
    ];
    for (const cursor of bad) expect(() => decodeCursor(cursor)).toThrow(RequestRejected);
  });
});
