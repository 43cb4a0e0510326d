import { mappedGroupRole, resolveRole } from '../../../src/domain/roles';
import { parseBulkRequest, resolvePath } from '../../../src/scim/bulk';
import { matchesFilter } from '../../../src/scim/filter/evaluate';
import { checkJsonValue, ValueBudget } from '../../../src/scim/json-bounds';
import { parseAttrPath, parseFilter } from '../../../src/scim/filter/parser';
import { MAX_FILTER_LENGTH, MAX_FILTER_NESTING, MAX_FILTER_NODES } from '../../../src/scim/limits';
import { DISCOVERY_SCHEMA, SCHEMA } from '../../../src/scim/schemas';
import { memberName, toScimUser } from '../../../src/scim/user';
import { scimErrorOf } from '../../support/scim-error-of';

/**
 * Behaviour that mutants survived in the first Stryker runs (npm run test:mutation): each case
 * states the rule the surviving change broke.
 */

describe('mappedGroupRole (docs/product-rules.md rule 3)', () => {
  const custom = [
    { group: 'Finance', role: 'billing' as const },
    { group: 'knock-role-admin', role: 'support' as const },
  ];

  it('answers the role one group maps to: default names first, then custom mappings, case-insensitively', () => {
    expect(mappedGroupRole(' FINANCE ', custom)).toBe('billing');
    expect(mappedGroupRole('knock-role-admin', custom)).toBe('admin');
    expect(mappedGroupRole('Knock-Role-Owner', [])).toBe('owner');
    expect(mappedGroupRole('Engineering', custom)).toBeUndefined();
  });

  it('never answers something that is not a role, whatever the stored table says', () => {
    const polluted = JSON.parse('[{"group":"Everyone","role":"toString"},{"group":"Admins","role":"superuser"}]') as Parameters<
      typeof mappedGroupRole
    >[1];
    expect(mappedGroupRole('Everyone', polluted)).toBeUndefined();
    expect(mappedGroupRole('Admins', polluted)).toBeUndefined();
    expect(resolveRole(['Everyone', 'Admins'], polluted)).toBe('support');
  });
});

describe('Bulk details', () => {
  it('names the offending field by its dotted path', () => {
    const error = scimErrorOf(() =>
      parseBulkRequest({ schemas: [DISCOVERY_SCHEMA.bulkRequest], Operations: [{ method: 'GET', path: '/Users/u1' }] }, 10),
    );
    expect(error.message).toMatch(/^Invalid BulkRequest: Operations\.0\.method \S/);
  });

  it('resolves only whole /Users and /Groups paths', () => {
    const created = new Map([['a', 'id-a']]);
    expect(resolvePath('/x/Users/bulkId:a', created)).toBe('/x/Users/bulkId:a');
    expect(resolvePath('/Users/bulkId:a/extra', created)).toBe('/Users/bulkId:a/extra');
    expect(resolvePath('/Users/bulkId:a', created)).toBe('/Users/id-a');
  });
});

describe('in-memory filter edge cases (RFC 7644 §3.4.2.2)', () => {
  it('an empty array is not present, a non-empty one is, even nested', () => {
    expect(matchesFilter(parseFilter('x pr'), { x: [[]] })).toBe(false);
    expect(matchesFilter(parseFilter('x pr'), { x: [[1]] })).toBe(true);
  });

  it('an extension the resource does not carry has no values', () => {
    const ENTERPRISE = SCHEMA.enterpriseUser;
    expect(matchesFilter(parseFilter(`${ENTERPRISE}:department pr`), { userName: 'x' })).toBe(false);
    expect(matchesFilter(parseFilter(`${ENTERPRISE}:department ne "x"`), { userName: 'x', [ENTERPRISE]: 'not an object' })).toBe(false);
  });

  it('a number comparison with a missing or null value matches only ne', () => {
    expect(matchesFilter(parseFilter('missing ne 5'), {})).toBe(true);
    expect(matchesFilter(parseFilter('missing gt -1'), {})).toBe(false);
    expect(matchesFilter(parseFilter('title lt 1'), { title: null })).toBe(false);
  });

  it('a string comparison with a value that is neither a string nor null matches only ne', () => {
    expect(matchesFilter(parseFilter('age eq "41"'), { age: 41 })).toBe(false);
    expect(matchesFilter(parseFilter('age ne "41"'), { age: 41 })).toBe(true);
    expect(matchesFilter(parseFilter('age gt "1"'), { age: 41 })).toBe(false);
  });
});

describe('the member name and the served user', () => {
  it('falls back to name.formatted (trimmed) when there is no displayName and no given or family name', () => {
    expect(memberName({ userName: 'u', active: true, name: { formatted: '  Dr. J. Doe ' } })).toBe('Dr. J. Doe');
    expect(memberName({ userName: 'u', active: true, name: { formatted: '   ' } })).toBeUndefined();
    expect(memberName({ userName: 'u', active: true, name: { givenName: ' ', formatted: 'F' } })).toBe('F');
  });

  it('serves groups (read-only, direct) only when the user belongs to some', () => {
    const stored = { id: 'u1', attributes: { userName: 'u', active: true }, version: 1, created: 'c', lastModified: 'm' };
    expect(toScimUser(stored, 'https://x', [{ id: 'g1', displayName: 'Eng' }]).groups).toEqual([
      { value: 'g1', $ref: 'https://x/Groups/g1', display: 'Eng', type: 'direct' },
    ]);
    expect(toScimUser(stored, 'https://x', [])).not.toHaveProperty('groups');
    expect(toScimUser(stored, 'https://x')).not.toHaveProperty('groups');
  });
});

describe('filter syntax edges (RFC 7644 §3.4.2.2)', () => {
  it('skips every whitespace character between tokens', () => {
    expect(parseFilter('userName\teq\n"a"\r\nand active eq true')).toEqual(parseFilter('userName eq "a" and active eq true'));
  });

  it('refuses a character that starts no token with invalidFilter, not a crash', () => {
    expect(scimErrorOf(() => parseFilter('userName eq #'))).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });

  it(`accepts a filter of exactly ${MAX_FILTER_LENGTH} characters`, () => {
    const filter = `userName eq "${'a'.repeat(MAX_FILTER_LENGTH - 'userName eq ""'.length)}"`;
    expect(filter).toHaveLength(MAX_FILTER_LENGTH);
    expect(parseFilter(filter)).toMatchObject({ type: 'compare', op: 'eq' });
  });

  it.each([
    ['name.givenName.extra', "Invalid attribute path 'name.givenName.extra'"],
    ['name.', "Invalid attribute path 'name.'"],
    ['.name', "Invalid attribute path '.name'"],
    ['1name', "Invalid attribute path '1name'"],
    ['name.1given', "Invalid attribute path 'name.1given'"],
    [':userName', "Invalid schema URN in ':userName'"],
  ])('refuses the attribute path %j', (text, message) => {
    expect(scimErrorOf(() => parseAttrPath(text))).toMatchObject({ status: 400, scimType: 'invalidFilter', message });
  });
});

describe('filter bounds at their exact limits (issue 9)', () => {
  it(`counts nesting per level, not per group: ${MAX_FILTER_NESTING + 8} groups side by side parse`, () => {
    const groups = Array.from({ length: MAX_FILTER_NESTING + 8 }, (_, i) => `(a${i} pr)`).join(' or ');
    expect(() => parseFilter(groups)).not.toThrow();
  });

  it(`accepts ${MAX_FILTER_NESTING} levels of nesting and refuses one more`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(() => parseFilter(nested(MAX_FILTER_NESTING))).not.toThrow();
    expect(scimErrorOf(() => parseFilter(nested(MAX_FILTER_NESTING + 1))).message).toContain(
      `nested more than ${MAX_FILTER_NESTING} levels deep`,
    );
  });

  it(`accepts a filter of ${MAX_FILTER_NODES} expressions and refuses one more`, () => {
    // n attribute expressions joined by `or` make 2n - 1 nodes.
    const filter = (nodes: number) => {
      const leaves = Array.from({ length: (nodes + 1) / 2 }, (_, i) => `a${i} pr`).join(' or ');
      return nodes % 2 === 1 ? leaves : `not (${leaves})`;
    };
    expect(() => parseFilter(filter(MAX_FILTER_NODES - 1))).not.toThrow();
    expect(() => parseFilter(filter(MAX_FILTER_NODES))).not.toThrow();
    expect(scimErrorOf(() => parseFilter(filter(MAX_FILTER_NODES + 1)))).toMatchObject({
      scimType: 'invalidFilter',
      message: `Filter has more than ${MAX_FILTER_NODES} expressions`,
    });
  });
});

describe('JSON bounds (issue 9)', () => {
  const bounds = { maxDepth: 2, maxArrayItems: 10, maxStringLength: 10 };

  it('a value budget allows exactly its maximum', () => {
    const budget = new ValueBudget(3, 'The request');
    budget.spend();
    budget.spend();
    budget.spend();
    expect(scimErrorOf(() => budget.spend())).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: 'The request holds more than 3 values',
    });
  });

  it('accepts null anywhere inside a value, and empty containers at the deepest level', () => {
    expect(() => checkJsonValue({ a: null, b: [null, 1], x: { y: null } }, bounds, new ValueBudget(100, 'v'), 'v')).not.toThrow();
    expect(() => checkJsonValue({ a: { b: {} }, c: { d: [] } }, bounds, new ValueBudget(100, 'v'), 'v')).not.toThrow();
    expect(scimErrorOf(() => checkJsonValue({ a: { b: { c: 1 } } }, bounds, new ValueBudget(100, 'v'), 'v')).message).toBe(
      "'v.a.b' is nested more than 2 levels deep",
    );
  });
});
