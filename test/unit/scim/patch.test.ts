import { applyPatch, patchRequestSchema, type PatchOperation } from '../../../src/scim/patch';
import { ScimError } from '../../../src/scim/errors';
import { USER_READ_ONLY } from '../../../src/scim/user';

const rules = { readOnly: USER_READ_ONLY, ignoredInValue: ['id', 'schemas', 'meta'] };
const ops = (operations: unknown[]) => patchRequestSchema.parse({ Operations: operations }).Operations;
const patch = (resource: Record<string, unknown>, operations: unknown[]) => applyPatch(resource, ops(operations), rules);

const jane = () => ({
  userName: 'jane@acme.io',
  active: true,
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [{ value: 'jane@acme.io', type: 'work', primary: true }],
});

describe('PATCH (RFC 7644 §3.5.2)', () => {
  it("applies Okta's pathless replace", () => {
    expect(patch(jane(), [{ op: 'replace', value: { active: false } }])).toMatchObject({ active: false, userName: 'jane@acme.io' });
  });

  it("accepts Entra's capitalised ops and leaves string booleans for validation to coerce", () => {
    expect(patch(jane(), [{ op: 'Replace', path: 'active', value: 'False' }]).active).toBe('False');
    expect(() => ops([{ op: 'Merge', path: 'active', value: true }])).toThrow();
  });

  it('sets sub-attributes, dotted and URN keys in pathless values, and ignores id noise', () => {
    const result = patch(jane(), [
      { op: 'replace', path: 'name.givenName', value: 'Kim' },
      {
        op: 'replace',
        value: {
          id: 'ignored',
          'name.familyName': 'Lee',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': '42',
        },
      },
    ]);
    expect(result).toMatchObject({
      name: { givenName: 'Kim', familyName: 'Lee' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '42' },
    });
    expect(result).not.toHaveProperty('id');
  });

  it('creates the entry a filtered path names when none matches, and updates it when one does', () => {
    const created = patch(jane(), [{ op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555' }]);
    expect(created.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555' }]);
    const updated = patch(created, [{ op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 777' }]);
    expect(updated.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 777' }]);
    expect(patch(jane(), [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'j@x.io' }]).emails).toEqual([
      { value: 'j@x.io', type: 'work', primary: true },
    ]);
  });

  it('removes only the listed values from a multi-valued attribute', () => {
    const group = { members: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] };
    expect(patch(group, [{ op: 'Remove', path: 'members', value: [{ value: 'b' }] }]).members).toEqual([{ value: 'a' }, { value: 'c' }]);
    expect(patch(group, [{ op: 'remove', path: 'members[value eq "c"]' }]).members).toEqual([{ value: 'a' }, { value: 'b' }]);
    expect(patch(group, [{ op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'd' }] }]).members).toHaveLength(4);
  });

  it('never mutates its input, so a failing operation list leaves the resource as it was', () => {
    const original = jane();
    const snapshot = structuredClone(original);
    expect(() =>
      patch(original, [
        { op: 'replace', path: 'displayName', value: 'X' },
        { op: 'replace', path: 'id', value: 'y' },
      ]),
    ).toThrow(ScimError);
    expect(original).toEqual(snapshot);
  });

  it.each<[unknown[], string]>([
    [[{ op: 'remove' }], 'noTarget'],
    [[{ op: 'replace', value: 'not an object' }], 'invalidValue'],
    [[{ op: 'replace', path: 'meta', value: {} }], 'mutability'],
    [[{ op: 'replace', path: 'emails[type eq', value: 'x' }], 'invalidPath'],
    [[{ op: 'replace', path: 'userName[type eq "x"]', value: {} }], 'invalidPath'],
    [[{ op: 'add', path: 'emails[type eq "home" or type eq "other"]', value: 'x' }], 'noTarget'],
  ])('rejects %j with %s', (operations, scimType) => {
    try {
      patch(jane(), operations);
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as ScimError).scimType).toBe(scimType);
    }
  });

  it('applies a list exactly as applying its operations one by one', () => {
    const list: PatchOperation[] = ops([
      { op: 'add', path: 'title', value: 'Engineer' },
      { op: 'replace', path: 'name.givenName', value: 'J.' },
      { op: 'remove', path: 'title' },
      { op: 'add', path: 'emails', value: [{ value: 'second@acme.io', type: 'home' }] },
    ]);
    const together = applyPatch(jane(), list, rules);
    const oneByOne = list.reduce<Record<string, unknown>>((resource, operation) => applyPatch(resource, [operation], rules), jane());
    expect(together).toEqual(oneByOne);
  });
});
