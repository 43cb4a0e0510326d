import {
  checkGroupCommand,
  MAX_SKIPPED_MEMBER_ID_LENGTH,
  MAX_SKIPPED_MEMBERS_RECORDED,
  splitMembers,
  summarizeSkippedMembers,
} from '../../../src/domain/group-change';
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
  it('a replace takes the new attributes whole (the current title is gone)', () => {
    expect(decideUserAttributes({ kind: 'replace', attributes: { userName: 'pat@example.com', nickName: 'P' } }, current)).toEqual({
      userName: 'pat@example.com',
      nickName: 'P',
      active: true,
    });
  });
  it('a path-less PATCH value ignores the server-owned id, schemas and meta', () => {
    const after = decideUserAttributes(
      { kind: 'patch', operations: [{ op: 'replace', value: { id: 'x', schemas: [], meta: { version: 'W/"9"' }, title: 'Lead' } }] },
      current,
    );
    expect(after).toEqual({ userName: 'pat@example.com', active: true, title: 'Lead' });
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

  // Unknown member ids are skipped, not fatal (docs/scim-support.md, Groups).
  it.each<[string, string[], string[], { known: string[]; skipped: string[] }]>([
    ['all known', ['a', 'b'], [], { known: ['a', 'b'], skipped: [] }],
    ['none given', [], [], { known: [], skipped: [] }],
    ['known and unknown, in request order', ['a', 'x', 'b', 'y'], ['y', 'x'], { known: ['a', 'b'], skipped: ['x', 'y'] }],
    ['all unknown', ['x', 'not-a-uuid'], ['x', 'not-a-uuid'], { known: [], skipped: ['x', 'not-a-uuid'] }],
  ])('members: %s', (_, ids, unknown, expected) => {
    expect(splitMembers(ids, unknown)).toEqual(expected);
  });

  it('records skipped members bounded: the exact distinct count and the first few ids, each cut short', () => {
    expect(summarizeSkippedMembers([])).toEqual({ count: 0, sample: [] });
    expect(summarizeSkippedMembers(['x', 'y', 'x'])).toEqual({ count: 2, sample: ['x', 'y'] });

    const many = Array.from({ length: 10_000 }, (_, i) => `id-${i}`);
    const summary = summarizeSkippedMembers([...many, ...many]);
    expect(summary.count).toBe(10_000);
    expect(summary.sample).toEqual(many.slice(0, MAX_SKIPPED_MEMBERS_RECORDED));

    const long = 'z'.repeat(256);
    expect(summarizeSkippedMembers([long]).sample).toEqual([`${'z'.repeat(MAX_SKIPPED_MEMBER_ID_LENGTH)}…`]);
  });
});
