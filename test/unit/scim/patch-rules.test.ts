import { ScimError } from '../../../src/scim/errors';
import { applyPatch, patchRequestSchema } from '../../../src/scim/patch';
import { USER_READ_ONLY } from '../../../src/scim/user';
import { scimErrorOf } from '../../support/scim-error-of';

/**
 * PATCH rules of RFC 7644 §3.5.2 that patch.test.ts does not reach: value filters that match
 * nothing (Entra creates the entry), complex and extension merges, removals by value list, and
 * every refusal with its scimType. Expected results are written out by hand.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const rules = { readOnly: USER_READ_ONLY, ignoredInValue: ['id', 'schemas', 'meta'] };
const patch = (resource: Record<string, unknown>, operations: unknown[]) =>
  applyPatch(resource, patchRequestSchema.parse({ Operations: operations }).Operations, rules);

const jane = (): Record<string, unknown> => ({
  userName: 'jane@acme.io',
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [
    { value: 'jane@acme.io', type: 'work', primary: true },
    { value: 'jane@home.io', type: 'home' },
  ],
  [ENTERPRISE]: { department: 'R&D', manager: { value: 'm1' } },
});

describe('pathless operations (§3.5.2.1, .3)', () => {
  it('refuses a value key that is not an attribute path', () => {
    expect(scimErrorOf(() => patch(jane(), [{ op: 'replace', value: { 'bad key!': 1 } }]))).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: "Unsupported attribute name 'bad key!' in the value",
    });
  });

  it('refuses a remove without a path, and an add whose value is not an object', () => {
    expect(scimErrorOf(() => patch(jane(), [{ op: 'remove' }]))).toMatchObject({
      scimType: 'noTarget',
      message: "A 'remove' operation needs a path",
    });
    expect(scimErrorOf(() => patch(jane(), [{ op: 'add', value: 'x' }]))).toMatchObject({
      scimType: 'invalidValue',
      message: "A 'add' without a path needs an object value",
    });
  });

  it('skips ignored keys in any case, and refuses read-only ones with mutability', () => {
    expect(patch(jane(), [{ op: 'replace', value: { ID: 'x', Meta: {}, nickName: 'J' } }])).toEqual({ ...jane(), nickName: 'J' });
    expect(scimErrorOf(() => patch(jane(), [{ op: 'replace', value: { Groups: [] } }]))).toMatchObject({
      scimType: 'mutability',
      message: "'Groups' is read-only",
    });
  });

  it('merges an extension object given under its URN', () => {
    expect(patch(jane(), [{ op: 'replace', value: { [ENTERPRISE]: { costCenter: '7' } } }])[ENTERPRISE]).toEqual({
      department: 'R&D',
      manager: { value: 'm1' },
      costCenter: '7',
    });
  });
});

describe('operations with a path', () => {
  it('needs a value for add and replace', () => {
    expect(scimErrorOf(() => patch(jane(), [{ op: 'add', path: 'nickName' }]))).toMatchObject({
      scimType: 'invalidValue',
      message: "'add' on 'nickName' needs a value",
    });
    expect(scimErrorOf(() => patch(jane(), [{ op: 'replace', path: 'emails[type eq "work"]' }]))).toMatchObject({
      scimType: 'invalidValue',
      message: "'replace' on 'emails[type eq \"work\"]' needs a value",
    });
  });

  it('refuses a sub-attribute of a simple attribute', () => {
    expect(scimErrorOf(() => patch(jane(), [{ op: 'replace', path: 'userName.first', value: 'x' }]))).toMatchObject({
      scimType: 'invalidPath',
      message: "'userName' has no sub-attributes",
    });
  });

  it('creates the complex attribute for a sub-attribute, and writes to the key already present in any case', () => {
    expect(patch({ userName: 'x' }, [{ op: 'add', path: 'name.givenName', value: 'J' }])).toEqual({
      userName: 'x',
      name: { givenName: 'J' },
    });
    expect(patch(jane(), [{ op: 'replace', path: 'NAME.GIVENNAME', value: 'Janet' }]).name).toEqual({
      givenName: 'Janet',
      familyName: 'Doe',
    });
  });

  it('replace of a complex attribute replaces only the sub-attributes given (§3.5.2.3); add merges too', () => {
    expect(patch(jane(), [{ op: 'replace', path: 'name', value: { givenName: 'Janet' } }]).name).toEqual({
      givenName: 'Janet',
      familyName: 'Doe',
    });
    expect(patch(jane(), [{ op: 'add', path: 'name', value: { middleName: 'Q' } }]).name).toEqual({
      givenName: 'Jane',
      familyName: 'Doe',
      middleName: 'Q',
    });
    // A non-object replaces whatever was there.
    expect(patch(jane(), [{ op: 'replace', path: 'name', value: 'Jane Doe' }]).name).toBe('Jane Doe');
  });

  it('an extension path creates the extension object on add and is a no-op on remove when absent', () => {
    expect(patch({ userName: 'x' }, [{ op: 'add', path: `${ENTERPRISE}:department`, value: 'Ops' }])).toEqual({
      userName: 'x',
      [ENTERPRISE]: { department: 'Ops' },
    });
    expect(patch({ userName: 'x' }, [{ op: 'remove', path: `${ENTERPRISE}:department` }])).toEqual({ userName: 'x' });
    expect(patch(jane(), [{ op: 'remove', path: `${ENTERPRISE}:department` }])[ENTERPRISE]).toEqual({ manager: { value: 'm1' } });
  });

  it('add to a multi-valued attribute appends, merging an element with the same value (case-insensitive)', () => {
    expect(
      patch(jane(), [{ op: 'add', path: 'emails', value: [{ value: 'JANE@HOME.IO', display: 'Home' }, { value: 'j@new.io' }] }]).emails,
    ).toEqual([
      { value: 'jane@acme.io', type: 'work', primary: true },
      { value: 'JANE@HOME.IO', type: 'home', display: 'Home' },
      { value: 'j@new.io' },
    ]);
    // Primitive values are compared as JSON: adding an existing one does not duplicate it.
    expect(patch({ tags: ['a', 'b'] }, [{ op: 'add', path: 'tags', value: ['b', 'c'] }]).tags).toEqual(['a', 'b', 'c']);
    expect(patch({ tags: ['a'] }, [{ op: 'add', path: 'tags', value: 'a' }]).tags).toEqual(['a']);
  });
});

describe('removals', () => {
  it('removes a sub-attribute from a complex attribute and from every element', () => {
    expect(patch(jane(), [{ op: 'remove', path: 'name.familyName' }]).name).toEqual({ givenName: 'Jane' });
    expect(patch(jane(), [{ op: 'remove', path: 'emails.type' }]).emails).toEqual([
      { value: 'jane@acme.io', primary: true },
      { value: 'jane@home.io' },
    ]);
  });

  it('removes exactly the listed entries when a value list is given (Entra group members)', () => {
    const group = { members: [{ value: 'u1' }, { value: 'u2' }, { value: 'u3' }] };
    expect(patch(group, [{ op: 'remove', path: 'members', value: [{ value: 'U1' }, { value: 'u3' }] }]).members).toEqual([{ value: 'u2' }]);
    expect(patch(group, [{ op: 'remove', path: 'members', value: { value: 'u2' } }]).members).toEqual([{ value: 'u1' }, { value: 'u3' }]);
    expect(patch(group, [{ op: 'remove', path: 'members' }])).toEqual({});
  });
});

describe('value filters (§3.5.2: attr[filter].sub)', () => {
  it('refuses to filter an attribute that is not multi-valued', () => {
    expect(scimErrorOf(() => patch(jane(), [{ op: 'replace', path: 'name[givenName eq "Jane"]', value: {} }]))).toMatchObject({
      scimType: 'invalidPath',
      message: "'name' is not multi-valued, so 'name[givenName eq \"Jane\"]' cannot filter it",
    });
  });

  it('remove: the matching elements, or a sub-attribute of them; nothing matched changes nothing', () => {
    expect(patch(jane(), [{ op: 'remove', path: 'emails[type eq "home"]' }]).emails).toEqual([
      { value: 'jane@acme.io', type: 'work', primary: true },
    ]);
    expect(patch(jane(), [{ op: 'remove', path: 'emails[type eq "work"].primary' }]).emails).toEqual([
      { value: 'jane@acme.io', type: 'work' },
      { value: 'jane@home.io', type: 'home' },
    ]);
    expect(patch(jane(), [{ op: 'remove', path: 'emails[type eq "other"]' }])).toEqual(jane());
  });

  it('replace with an object replaces the matching element; add merges into it', () => {
    expect(patch(jane(), [{ op: 'replace', path: 'emails[type eq "home"]', value: { value: 'new@home.io' } }]).emails).toEqual([
      { value: 'jane@acme.io', type: 'work', primary: true },
      { value: 'new@home.io' },
    ]);
    expect(patch(jane(), [{ op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } }]).emails).toEqual([
      { value: 'jane@acme.io', type: 'work', primary: true },
      { value: 'jane@home.io', type: 'home', display: 'Home' },
    ]);
  });

  it('refuses a non-object value for a whole matched element', () => {
    expect(scimErrorOf(() => patch(jane(), [{ op: 'replace', path: 'emails[type eq "home"]', value: 'x' }]))).toMatchObject({
      scimType: 'invalidValue',
      message: '\'emails[type eq "home"]\' needs an object value',
    });
  });

  it('sets a sub-attribute of each match, under the spelling already present', () => {
    expect(patch(jane(), [{ op: 'replace', path: 'emails[type eq "home"].VALUE', value: 'x@home.io' }]).emails).toEqual([
      { value: 'jane@acme.io', type: 'work', primary: true },
      { value: 'x@home.io', type: 'home' },
    ]);
  });

  it('creates the entry from the filter equalities when nothing matches (Entra), for add and replace', () => {
    expect(patch({ userName: 'x' }, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'w@acme.io' }]).emails).toEqual([
      { type: 'work', value: 'w@acme.io' },
    ]);
    expect(
      patch(jane(), [{ op: 'add', path: 'phoneNumbers[type eq "mobile" and primary eq true]', value: { value: '+1' } }]).phoneNumbers,
    ).toEqual([{ type: 'mobile', primary: true, value: '+1' }]);
  });

  it('refuses to create one when the filter is not a plain equality, or the value is not an object', () => {
    for (const path of [
      'emails[type ne "work"].value',
      'emails[type eq "work" or type eq "home"].value',
      'emails[type eq "x" and value co "y"].value',
      'emails[not (type eq "x")].value',
    ]) {
      expect(scimErrorOf(() => patch({ userName: 'x' }, [{ op: 'add', path, value: 'v' }]))).toMatchObject({
        scimType: 'noTarget',
        message: `No value matches '${path}'`,
      });
    }
    expect(scimErrorOf(() => patch({ userName: 'x' }, [{ op: 'add', path: 'emails[type eq "work"]', value: 'v' }]))).toMatchObject({
      scimType: 'invalidValue',
      message: '\'emails[type eq "work"]\' needs an object value',
    });
  });
});

it('never modifies its input, even when a later operation fails', () => {
  const resource = jane();
  expect(() => patch(resource, [{ op: 'replace', path: 'name.givenName', value: 'X' }, { op: 'remove' }])).toThrow(ScimError);
  expect(resource).toEqual(jane());
});
