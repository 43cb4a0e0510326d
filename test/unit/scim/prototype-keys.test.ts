import { ScimError } from '../../../src/scim/errors';
import { getAttribute, matchesFilter } from '../../../src/scim/filter/evaluate';
import { parseFilter } from '../../../src/scim/filter/parser';
import { normalizeGroupAttributes, memberIds } from '../../../src/scim/group';
import { listQueryFromParams, listQueryFromSearchRequest } from '../../../src/scim/list-query';
import { applyPatch, type PatchOperation } from '../../../src/scim/patch';
import { checkPatchOperations } from '../../../src/scim/patch-check';
import { parsePatchPath } from '../../../src/scim/patch-path';
import { parseProjection, project } from '../../../src/scim/projection';
import { SCHEMA } from '../../../src/scim/schemas';
import { normalizeUserAttributes, USER_READ_ONLY } from '../../../src/scim/user';
import { resolveUserFilterAttribute } from '../../../src/stores/filter-sql/user-attributes';
import { resolveGroupFilterAttribute, resolveMemberElementAttribute } from '../../../src/stores/filter-sql/group-attributes';
import { prototypeChanges, snapshotObjectPrototype } from '../../support/prototype-snapshot';

/** Issue 9, "No prototype keys anywhere": every way request data names a key, table-driven. */

const before = snapshotObjectPrototype();
afterAll(() => expect(prototypeChanges(before)).toEqual([]));

function scimTypeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError && error.status === 400) return error.scimType;
    throw error;
  }
  return undefined;
}

const rules = { readOnly: USER_READ_ONLY, ignoredInValue: ['id', 'schemas', 'meta'] };
const jane = () => ({
  userName: 'jane@acme.io',
  active: true,
  name: { givenName: 'Jane' },
  emails: [{ value: 'jane@acme.io', type: 'work' }],
});

describe('prototype keys are refused at parse time', () => {
  it.each([
    '__proto__ eq "x"',
    'constructor pr',
    'prototype pr',
    'CONSTRUCTOR pr',
    '__PROTO__.everyone eq "owner"',
    'name.__proto__ eq "x"',
    'emails[__proto__ eq "x"]',
    'emails[value eq "x" and constructor pr]',
    'urn:ietf:params:scim:schemas:extension:__proto__:2.0:User:department eq "x"',
    'urn:x:constructor:attr eq "x"',
    'userName eq "a" or name.Prototype pr',
  ])('filter %j → invalidFilter', (filter) => {
    expect(scimTypeOf(() => parseFilter(filter))).toBe('invalidFilter');
    expect(scimTypeOf(() => listQueryFromParams({ filter }))).toBe('invalidFilter');
  });

  it.each([
    '__proto__.everyone',
    '__proto__',
    'constructor',
    'constructor.prototype',
    'name.__proto__',
    'name.PROTOTYPE',
    'emails[value eq "x"].__proto__',
    'emails[__proto__ eq "x"].value',
    'members[constructor pr]',
    'urn:ietf:params:scim:schemas:extension:__proto__:2.0:User',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:constructor',
    'urn:x:1.0:__proto__.polluted',
  ])('PATCH path %j → invalidPath', (path) => {
    expect(scimTypeOf(() => parsePatchPath(path))).toBe('invalidPath');
    expect(scimTypeOf(() => checkPatchOperations([{ path, value: 'owner' }]))).toBe('invalidPath');
    expect(scimTypeOf(() => applyPatch(jane(), [{ op: 'add', path, value: 'owner' }], rules))).toBe('invalidPath');
  });

  it.each([
    ['attributes', '__proto__.hasOwnProperty'],
    ['excludedAttributes', '__proto__.hasOwnProperty'],
    ['excludedAttributes', 'userName,constructor'],
    ['attributes', 'name.prototype'],
    ['attributes', 'urn:x:__proto__:y'],
    ['sortBy', '__proto__'],
    ['sortBy', 'emails.constructor'],
    ['sortBy', 'Prototype'],
  ])('%s=%j → invalidValue', (parameter, value) => {
    expect(scimTypeOf(() => listQueryFromParams({ [parameter]: value }))).toBe('invalidValue');
    expect(scimTypeOf(() => listQueryFromSearchRequest({ [parameter]: value }))).toBe('invalidValue');
  });

  const userBodies: Array<[string, string]> = [
    ['top-level __proto__', '{"userName":"a@b.io","__proto__":{"everyone":"owner"}}'],
    ['top-level constructor', '{"userName":"a@b.io","constructor":{"prototype":{"x":1}}}'],
    ['top-level prototype', '{"userName":"a@b.io","Prototype":1}'],
    ['inside name', '{"userName":"a@b.io","name":{"givenName":"A","__proto__":{"x":1}}}'],
    ['inside an email', '{"userName":"a@b.io","emails":[{"value":"a@b.io","__proto__":{"primary":true}}]}'],
    ['inside the enterprise extension', `{"userName":"a@b.io","${SCHEMA.enterpriseUser}":{"manager":{"constructor":"x"}}}`],
    ['deep in a custom attribute', '{"userName":"a@b.io","custom":{"a":[{"b":{"__PROTO__":1}}]}}'],
  ];
  it.each(userBodies)('a user with a prototype key %s → invalidValue', (_where, json) => {
    expect(scimTypeOf(() => normalizeUserAttributes(JSON.parse(json)))).toBe('invalidValue');
  });

  it.each(['{"displayName":"g","__proto__":{"x":1}}', '{"displayName":"g","custom":{"constructor":1}}'])(
    'a group body %s → invalidValue',
    (json) => {
      expect(scimTypeOf(() => normalizeGroupAttributes(JSON.parse(json)))).toBe('invalidValue');
    },
  );

  it('refuses prototype keys in members', () => {
    expect(scimTypeOf(() => memberIds(JSON.parse('[{"value":"u1","__proto__":{"value":"u2"}}]')))).toBe('invalidValue');
  });

  it.each([
    ['pathless value with __proto__', '{"op":"replace","value":{"__proto__":{"everyone":"owner"}}}'],
    ['pathless value with constructor', '{"op":"add","value":{"constructor":{"prototype":{"everyone":"owner"}}}}'],
    ['nested value', '{"op":"add","path":"name","value":{"givenName":"x","__proto__":{"everyone":"owner"}}}'],
    ['value filter replace', '{"op":"replace","path":"emails[type eq \\"work\\"]","value":{"__proto__":{"primary":true}}}'],
    ['array element', '{"op":"add","path":"emails","value":[{"value":"x@y.io","constructor":1}]}'],
  ])('PATCH %s → invalidValue, before and inside applyPatch', (_what, json) => {
    const operation = JSON.parse(json) as PatchOperation;
    expect(scimTypeOf(() => checkPatchOperations([operation]))).toBe('invalidValue');
    expect(scimTypeOf(() => applyPatch(jane(), [operation], rules))).toBe('invalidValue');
  });
});

describe('names of other Object.prototype members are plain, absent attributes', () => {
  it.each(['toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'])('%s', (name) => {
    const resource = jane();
    expect(getAttribute(resource, name)).toBeUndefined();
    expect(matchesFilter(parseFilter(`${name} pr`), resource)).toBe(false);
    expect(matchesFilter(parseFilter(`emails[${name} pr]`), resource)).toBe(false);
    expect(resolveUserFilterAttribute({ attr: name })).toBeUndefined();
    expect(resolveUserFilterAttribute({ attr: 'meta', sub: name })).toBeUndefined();
    expect(resolveGroupFilterAttribute({ attr: name })).toBeUndefined();
    expect(resolveMemberElementAttribute({ attr: name })).toBeUndefined();

    // Removing or projecting it touches nothing inherited.
    expect(applyPatch(resource, [{ op: 'remove', path: name }], rules)).toEqual(resource);
    expect(applyPatch(resource, [{ op: 'remove', path: `name.${name}` }], rules)).toEqual(resource);
    expect(project(resource, parseProjection(undefined, `${name},name.${name}`), SCHEMA.user)).toEqual(resource);
    expect(project(resource, parseProjection(name, undefined), SCHEMA.user)).toEqual({});

    // Setting it creates an own attribute, nothing more.
    const set = applyPatch(resource, [{ op: 'add', path: name, value: 'x' }], rules);
    expect(Object.hasOwn(set, name) && set[name]).toBe('x');
  });
});
