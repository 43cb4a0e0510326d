import { MAX_PROJECTION_PATHS } from '../../../src/scim/limits';
import { isReturned, parseProjection, project } from '../../../src/scim/projection';
import { SCHEMA } from '../../../src/scim/schemas';
import { scimErrorOf } from '../../support/scim-error-of';

/** `attributes` / `excludedAttributes`, RFC 7644 §3.4.2.5 and §3.9. */
const CORE = SCHEMA.user;
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const user = (): Record<string, unknown> => ({
  schemas: [CORE, ENTERPRISE],
  id: 'u1',
  userName: 'jane@acme.io',
  active: true,
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [
    { value: 'jane@acme.io', type: 'work', primary: true },
    { value: 'jane@home.io', type: 'home' },
  ],
  [ENTERPRISE]: { department: 'R&D', employeeNumber: '42' },
  meta: { resourceType: 'User' },
});

const projected = (attributes: unknown, excluded: unknown = undefined) => project(user(), parseProjection(attributes, excluded), CORE);

describe('parseProjection', () => {
  it('reads nothing from absent, null or empty parameters', () => {
    expect(parseProjection(undefined, undefined)).toEqual({});
    expect(parseProjection(null, '')).toEqual({});
  });

  it('splits a comma-separated list, trims and drops empty items, and parses each path', () => {
    expect(parseProjection(' userName , name.givenName,,', undefined)).toEqual({
      attributes: [{ attr: 'userName' }, { attr: 'name', sub: 'givenName' }],
    });
    expect(parseProjection(undefined, ['emails', `${ENTERPRISE}:department`])).toEqual({
      excludedAttributes: [{ attr: 'emails' }, { schema: ENTERPRISE, attr: 'department' }],
    });
  });

  it(`accepts ${MAX_PROJECTION_PATHS} paths and refuses one more with 400 invalidValue naming the parameter`, () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`).join(',');
    expect(parseProjection(names(MAX_PROJECTION_PATHS), undefined).attributes).toHaveLength(MAX_PROJECTION_PATHS);
    const error = scimErrorOf(() => parseProjection(undefined, names(MAX_PROJECTION_PATHS + 1)));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.message).toBe(`excludedAttributes names more than ${MAX_PROJECTION_PATHS} attributes`);
  });

  it('refuses a name that is not an attribute path, naming it and the parameter', () => {
    const error = scimErrorOf(() => parseProjection('user name', undefined));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue', message: "Invalid attribute name 'user name' in attributes" });
  });
});

describe('project with `attributes`', () => {
  it('returns only the named attributes plus id and schemas, whatever the case of the name', () => {
    expect(projected('USERNAME')).toEqual({ schemas: [CORE, ENTERPRISE], id: 'u1', userName: 'jane@acme.io' });
  });

  it('leaves out a named attribute the resource does not have', () => {
    expect(projected('nickName')).toEqual({ schemas: [CORE, ENTERPRISE], id: 'u1' });
  });

  it('picks a sub-attribute of a complex attribute', () => {
    expect(projected('name.givenName')).toEqual({ schemas: [CORE, ENTERPRISE], id: 'u1', name: { givenName: 'Jane' } });
  });

  it('picks a sub-attribute from every element of a multi-valued attribute, merging two picks', () => {
    expect(projected('emails.value,emails.type').emails).toEqual([
      { value: 'jane@acme.io', type: 'work' },
      { value: 'jane@home.io', type: 'home' },
    ]);
    // An element without the sub-attribute stays, empty: the element count is part of the data.
    expect(projected('emails.primary').emails).toEqual([{ primary: true }, {}]);
  });

  it('merges two sub-attributes of one complex attribute', () => {
    expect(projected('name.givenName,name.familyName').name).toEqual({ givenName: 'Jane', familyName: 'Doe' });
  });

  it('accepts the core schema URN as a prefix', () => {
    expect(projected(`${CORE}:userName`)).toEqual({ schemas: [CORE, ENTERPRISE], id: 'u1', userName: 'jane@acme.io' });
  });

  it('copies an extension attribute under its URN and keeps the URN listed in schemas', () => {
    const resource = user();
    resource.schemas = [CORE];
    const result = project(resource, parseProjection(`${ENTERPRISE}:department,${ENTERPRISE}:employeeNumber`, undefined), CORE);
    expect(result).toEqual({ schemas: [CORE, ENTERPRISE], id: 'u1', [ENTERPRISE]: { department: 'R&D', employeeNumber: '42' } });
  });

  it('does not list the extension twice in schemas', () => {
    expect(projected(`${ENTERPRISE}:department`).schemas).toEqual([CORE, ENTERPRISE]);
  });

  it('returns nothing for an extension the resource does not carry', () => {
    expect(projected('urn:example:ext:1.0:thing')).toEqual({ schemas: [CORE, ENTERPRISE], id: 'u1' });
  });

  it('never copies inherited members (issue 9)', () => {
    expect(projected('toString,valueOf')).toEqual({ schemas: [CORE, ENTERPRISE], id: 'u1' });
  });

  it('does not modify the resource it was given', () => {
    const resource = user();
    project(resource, parseProjection('emails.value', undefined), CORE);
    expect(resource).toEqual(user());
  });
});

describe('project with `excludedAttributes`', () => {
  it('removes the named attribute, in any case, and never id or schemas', () => {
    const result = projected(undefined, 'EMAILS,id,schemas');
    expect(result).not.toHaveProperty('emails');
    expect(result).toMatchObject({ id: 'u1', schemas: [CORE, ENTERPRISE], userName: 'jane@acme.io' });
  });

  it('removes a sub-attribute from a complex attribute and from each element of a multi-valued one', () => {
    const result = projected(undefined, 'name.familyName,emails.type');
    expect(result.name).toEqual({ givenName: 'Jane' });
    expect(result.emails).toEqual([{ value: 'jane@acme.io', primary: true }, { value: 'jane@home.io' }]);
  });

  it('removes an extension attribute', () => {
    expect(projected(undefined, `${ENTERPRISE}:department`)[ENTERPRISE]).toEqual({ employeeNumber: '42' });
  });

  it('ignores an extension the resource does not carry', () => {
    expect(projected(undefined, 'urn:example:ext:1.0:thing')).toEqual(user());
  });

  it('does not modify the resource it was given', () => {
    const resource = user();
    project(resource, parseProjection(undefined, 'emails,name.givenName'), CORE);
    expect(resource).toEqual(user());
  });

  it('without either parameter returns the resource as is', () => {
    const resource = user();
    expect(project(resource, {}, CORE)).toBe(resource);
  });
});

describe('isReturned (lets callers skip loading an attribute)', () => {
  it('with `attributes`: only for a named attribute, a sub-attribute of it counting too', () => {
    expect(isReturned(parseProjection('userName,Groups.display', undefined), 'groups', CORE)).toBe(true);
    expect(isReturned(parseProjection('userName', undefined), 'groups', CORE)).toBe(false);
    expect(isReturned(parseProjection(`${CORE}:groups`, undefined), 'groups', CORE)).toBe(true);
  });

  it('with `excludedAttributes`: unless the whole attribute is excluded', () => {
    expect(isReturned(parseProjection(undefined, 'members'), 'members', SCHEMA.group)).toBe(false);
    expect(isReturned(parseProjection(undefined, 'members.display'), 'members', SCHEMA.group)).toBe(true);
    expect(isReturned(parseProjection(undefined, 'displayName'), 'members', SCHEMA.group)).toBe(true);
  });

  it('an extension path names the extension, not a core attribute of the same name', () => {
    expect(isReturned(parseProjection(`${ENTERPRISE}:groups`, undefined), 'groups', CORE)).toBe(false);
    expect(isReturned(parseProjection(`${ENTERPRISE}:groups`, undefined), ENTERPRISE, CORE)).toBe(true);
  });

  it('without either parameter: always', () => {
    expect(isReturned({}, 'members', SCHEMA.group)).toBe(true);
  });
});
