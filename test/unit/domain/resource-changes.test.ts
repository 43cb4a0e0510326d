import { checkGroupCommand, refuseUnknownMembers } from '../../../src/domain/group-change';
import { decideUserAttributes } from '../../../src/domain/user-change';
import { normalizeUserAttributes } from '../../../src/scim/user';
import { scimErrorOf } from '../../support/scim-error-of';

const current = { attributes: normalizeUserAttributes({ userName: 'pat@example.com', title: 'Engineer' }), version: 3 };

describe('what a user command leaves', () => {
  it('a create stores the normalised attributes', () => {
    expect(decideUserAttributes({ kind: 'create', attributes: { userName: 'lee@example.com' } }, undefined)).toEqual({
      userName: 'lee@example.com',
      active: true,
    });
  });
  it('a PATCH applies to the current attributes', () => {
    const after = decideUserAttributes({ kind: 'patch', operations: [{ op: 'replace', path: 'title', value: 'Lead' }] }, current);
    expect(after).toMatchObject({ userName: 'pat@example.com', title: 'Lead' });
  });
  it('a delete leaves nothing', () => {
    expect(decideUserAttributes({ kind: 'delete', ifMatch: 'W/"3"' }, current)).toBeNull();
  });
  it.each<[string, Parameters<typeof decideUserAttributes>[0], typeof current | undefined, number]>([
    ['a create over an existing id', { kind: 'create', attributes: { userName: 'x@example.com' } }, current, 409],
    ['a replace of a missing user', { kind: 'replace', attributes: { userName: 'x@example.com' } }, undefined, 404],
    ['a stale If-Match', { kind: 'delete', ifMatch: 'W/"2"' }, current, 412],
  ])('refuses %s', (_, command, state, status) => {
    expect(scimErrorOf(() => decideUserAttributes(command, state)).status).toBe(status);
  });
});

describe('group commands', () => {
  it.each<[string, Parameters<typeof checkGroupCommand>[0], { version: number } | undefined, number | undefined]>([
    ['a create of a new id', { kind: 'create', attributes: { displayName: 'Eng' }, members: [] }, undefined, undefined],
    ['a create over an existing id', { kind: 'create', attributes: { displayName: 'Eng' }, members: [] }, { version: 1 }, 409],
    ['a change of a missing group', { kind: 'delete' }, undefined, 404],
    ['a matching If-Match', { kind: 'delete', ifMatch: 'W/"4"' }, { version: 4 }, undefined],
    ['a stale If-Match', { kind: 'delete', ifMatch: 'W/"3"' }, { version: 4 }, 412],
  ])('%s', (_, command, state, status) => {
    if (status === undefined) expect(() => checkGroupCommand(command, 'g-1', state)).not.toThrow();
    else expect(scimErrorOf(() => checkGroupCommand(command, 'g-1', state)).status).toBe(status);
  });

  it('unknown members refuse the change, naming at most five of them', () => {
    expect(() => refuseUnknownMembers([])).not.toThrow();
    const error = scimErrorOf(() => refuseUnknownMembers(['a', 'b', 'c', 'd', 'e', 'f']));
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
    expect(error.message).toBe('Unknown members a, b, c, d, e, …: members must be users of this directory');
  });
});
