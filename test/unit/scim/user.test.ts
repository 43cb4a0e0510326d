import { memberName, normalizeUserAttributes, primaryEmail, toScimUser, USER_READ_ONLY, withoutPasswords } from '../../../src/scim/user';
import { applyPatch } from '../../../src/scim/patch';
import { ScimError } from '../../../src/scim/errors';

describe('SCIM user attributes', () => {
  it('drops server-owned attributes and the password, coerces string booleans, canonicalises names', () => {
    const attributes = normalizeUserAttributes({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: 'client-chosen',
      meta: { resourceType: 'User' },
      groups: [],
      password: 'secret',
      UserName: 'Jane@Acme.io',
      Active: 'False',
      emails: [{ value: 'jane@acme.io', primary: 'True' }],
      nickName: null,
      customThing: { kept: true },
    });
    expect(attributes).toEqual({
      userName: 'Jane@Acme.io',
      active: false,
      emails: [{ value: 'jane@acme.io', primary: true }],
      customThing: { kept: true },
    });
  });

  it('requires userName and rejects two primary emails', () => {
    expect(() => normalizeUserAttributes({ emails: [] })).toThrow(/userName/);
    expect(() => normalizeUserAttributes({ userName: '  ' })).toThrow(ScimError);
    expect(() =>
      normalizeUserAttributes({
        userName: 'x',
        emails: [
          { value: 'a@x.io', primary: true },
          { value: 'b@x.io', primary: true },
        ],
      }),
    ).toThrow(/primary/);
    expect(() => normalizeUserAttributes([1, 2])).toThrow(/JSON object/);
  });

  it.each([
    [
      {
        userName: 'u',
        emails: [
          { value: 'Home@X.io', type: 'home' },
          { value: 'P@X.io', primary: true },
        ],
      },
      'p@x.io',
    ],
    [
      {
        userName: 'u',
        emails: [
          { value: 'home@x.io', type: 'home' },
          { value: 'Work@X.io', type: 'work' },
        ],
      },
      'work@x.io',
    ],
    [{ userName: 'u', emails: [{ value: 'first@x.io' }, { value: 'second@x.io' }] }, 'first@x.io'],
    [{ userName: 'Name@X.io' }, 'name@x.io'],
    [{ userName: 'not-an-email' }, undefined],
  ])('derives the primary email (rule 2) from %j', (input, expected) => {
    expect(primaryEmail(normalizeUserAttributes(input))).toBe(expected);
  });

  it("keeps Entra's string manager as the complex attribute RFC 7643 §4.3 defines, through PATCH too", () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const managerOf = (input: Record<string, unknown>) => normalizeUserAttributes({ userName: 'u', [enterprise]: input })[enterprise];
    expect(managerOf({ manager: 'boss-1', department: 'R&D' })).toEqual({ manager: { value: 'boss-1' }, department: 'R&D' });
    expect(managerOf({ manager: { value: 'boss-1', displayName: 'Boss' } })).toEqual({ manager: { value: 'boss-1', displayName: 'Boss' } });
    expect(managerOf({ manager: '  ', department: 'R&D' })).toEqual({ department: 'R&D' });
    expect(managerOf({ department: 'R&D' })).toEqual({ department: 'R&D' });

    const patched = applyPatch(
      { userName: 'u', [enterprise]: { manager: { value: 'old', displayName: 'Old Boss' } } },
      [{ op: 'add', path: `${enterprise}:manager`, value: 'boss-2' }],
      { readOnly: USER_READ_ONLY, ignoredInValue: ['id'] },
    );
    expect(normalizeUserAttributes(patched)[enterprise]).toEqual({ manager: { value: 'boss-2' } });
  });

  it('names the member from displayName, else given and family name', () => {
    expect(memberName(normalizeUserAttributes({ userName: 'u', displayName: 'Dee', name: { givenName: 'D' } }))).toBe('Dee');
    expect(memberName(normalizeUserAttributes({ userName: 'u', name: { givenName: 'Ada', familyName: 'Lovelace' } }))).toBe('Ada Lovelace');
    expect(memberName(normalizeUserAttributes({ userName: 'u' }))).toBeUndefined();
  });

  it('strips passwords from PATCH operations, pathless or not', () => {
    expect(
      withoutPasswords([
        { op: 'replace', path: 'password', value: 'x' },
        { op: 'replace', value: { password: 'x', active: true } },
        { op: 'replace', value: { password: 'x' } },
        { op: 'replace', path: 'title', value: 't' },
      ]),
    ).toEqual([
      { op: 'replace', value: { active: true } },
      { op: 'replace', path: 'title', value: 't' },
    ]);
  });

  it('serves the resource with schemas, id and meta', () => {
    const resource = toScimUser(
      {
        id: 'abc',
        attributes: {
          userName: 'u',
          active: true,
          externalId: 'e',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
        },
        version: 3,
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
      },
      'https://sync.example.com/scim/v2',
    );
    expect(resource).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      id: 'abc',
      externalId: 'e',
      meta: { resourceType: 'User', location: 'https://sync.example.com/scim/v2/Users/abc', version: 'W/"3"' },
    });
  });
});
