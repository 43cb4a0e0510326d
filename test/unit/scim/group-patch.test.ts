import { planGroupPatch } from '../../../src/scim/group-patch';
import { scimErrorOf } from '../../support/scim-error-of';

const ID = '2819c223-7f76-453a-919d-413861904646';

describe('a group PATCH as steps', () => {
  it('keeps operation order and splits members from attributes (Okta sends both in one value)', () => {
    const steps = planGroupPatch([
      { op: 'replace', value: { id: 'g', displayName: 'Eng', members: [{ value: ID }] } },
      { op: 'add', path: 'members', value: [{ value: ID }] },
      { op: 'remove', path: 'members' },
      { op: 'remove', path: `members[value eq "${ID}"]` },
      { op: 'replace', path: 'displayName', value: 'Eng 2' },
    ]);
    expect(steps.map((s) => s.kind)).toEqual([
      'replace-members',
      'attributes',
      'add-members',
      'remove-members',
      'remove-matching-members',
      'attributes',
    ]);
    expect(steps[0]).toEqual({ kind: 'replace-members', ids: [ID] });
    expect(steps[1]).toEqual({ kind: 'attributes', operation: { op: 'replace', value: { id: 'g', displayName: 'Eng' } } });
    expect(steps[3]).toEqual({ kind: 'remove-members' });
  });

  it('a __proto__ key in a path-less value stays an own key of the attributes step', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "displayName": "x"}');
    const [step] = planGroupPatch([{ op: 'replace', value }]);
    expect(step?.kind).toBe('attributes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each<[string, Parameters<typeof planGroupPatch>[0], string]>([
    ['a path-less remove', [{ op: 'remove' }], 'noTarget'],
    ['a path-less add of a non-object', [{ op: 'add', value: 'x' }], 'invalidValue'],
    ['a member add without a value', [{ op: 'add', path: 'members' }], 'invalidValue'],
    ['a member sub-attribute path', [{ op: 'replace', path: 'members.value', value: ID }], 'invalidPath'],
    ['an add with a member filter', [{ op: 'add', path: `members[value eq "${ID}"]`, value: [] }], 'invalidPath'],
  ])('refuses %s before anything is written', (_, operations, scimType) => {
    expect(scimErrorOf(() => planGroupPatch(operations)).scimType).toBe(scimType);
  });
});
