import type { AttrPath } from '../../../src/scim/filter/ast';
import { parseFilter } from '../../../src/scim/filter/parser';
import {
  filterToSql,
  jsonbArrayTarget,
  metaTargets,
  scalarColumn,
  sortExpression,
  type AttributeResolver,
  type MultiValuedTarget,
  type ScalarTarget,
} from '../../../src/stores/filter-sql/to-sql';
import { resolveGroupFilterAttribute, resolveMemberElementAttribute } from '../../../src/stores/filter-sql/group-attributes';
import { SCHEMA } from '../../../src/scim/schemas';
import { resolveUserFilterAttribute } from '../../../src/stores/filter-sql/user-attributes';
import { scimErrorOf } from '../../support/scim-error-of';

/**
 * The rules of the filter → SQL translation that do not depend on PostgreSQL: which filters are
 * refused and why (RFC 7644 §3.4.2.2, 400 invalidFilter), what reaches the bindings (every value,
 * never the SQL text), and how each type and operator is mapped, over a small resolver of our own
 * whose SQL names are placeholders. What the SQL selects on a real database is the integration
 * suite's job (filter-sql-property.test.ts).
 */
const TARGETS = new Map<string, ScalarTarget | MultiValuedTarget>([
  ['name', scalarColumn('c_name', 'string', false)],
  ['code', scalarColumn('c_code', 'string', true)],
  ['flag', scalarColumn('c_flag', 'boolean', false)],
  ['size', scalarColumn('c_size', 'number', false)],
  ['when', scalarColumn('c_when', 'dateTime', false)],
  [
    'tags',
    jsonbArrayTarget('c_tags', {
      value: { type: 'string', caseExact: false },
      type: { type: 'string', caseExact: true },
      primary: { type: 'boolean', caseExact: false },
      weight: { type: 'number', caseExact: false },
    }),
  ],
  [
    'rows',
    {
      kind: 'multi',
      from: 'r',
      where: 'r.owner = t.id',
      subAttributes: { value: { sql: 'r.v', type: 'string', caseExact: true } },
      defaultSub: 'value',
    },
  ],
]);
const resolve: AttributeResolver = (path) => (path.schema ? undefined : TARGETS.get(path.attr.toLowerCase()));
const sql = (filter: string) => filterToSql(parseFilter(filter), resolve);

describe('filterToSql: refusals (400 invalidFilter, with the reason)', () => {
  it.each<[string, string]>([
    ['nosuch eq "x"', "Unknown or unfilterable attribute 'nosuch'"],
    ['flag eq "yes"', "'flag' is boolean; compare it with true or false"],
    ['flag gt true', "'gt' is not defined for boolean 'flag'"],
    ['size eq "7"', "'size' is numeric; compare it with a number"],
    ['size co 7', "'co' is not defined for numeric 'size'"],
    ['size sw 7', "'sw' is not defined for numeric 'size'"],
    ['size ew 7', "'ew' is not defined for numeric 'size'"],
    ['when gt "yesterday"', "'when' is a dateTime; compare it with an xsd:dateTime string"],
    ['when gt 5', "'when' is a dateTime; compare it with an xsd:dateTime string"],
    ['when co "2026-01-01T00:00:00Z"', "'co' is not defined for dateTime 'when'"],
    ['when sw "2026-01-01T00:00:00Z"', "'sw' is not defined for dateTime 'when'"],
    ['when ew "2026-01-01T00:00:00Z"', "'ew' is not defined for dateTime 'when'"],
    ['name eq 5', "'name' is a string; compare it with a quoted string"],
    ['name gt null', "'gt' cannot compare with null"],
    ['name[value eq "x"]', "'name' is not multi-valued"],
    ['tags[type eq "a" and tags[value eq "b"]]', 'Value filters cannot be nested'],
    ['tags[value.sub eq "x"]', "'value.sub' is not a sub-attribute"],
    ['tags[nosuch eq "x"]', "Unknown sub-attribute in 'nosuch'"],
    ['tags.nosuch eq "x"', "Unknown sub-attribute in 'tags.nosuch'"],
    ['tags[not (nosuch pr)]', "Unknown sub-attribute in 'nosuch'"],
    ['tags[value eq "x" or nosuch pr]', "Unknown sub-attribute in 'nosuch'"],
  ])('%s', (filter, message) => {
    expect(scimErrorOf(() => sql(filter))).toMatchObject({ status: 400, scimType: 'invalidFilter', message });
  });

  it('refuses a sub-attribute given with a schema inside a value filter', () => {
    const filter = {
      type: 'valuePath',
      path: { attr: 'tags' },
      filter: { type: 'present', path: { schema: 'urn:x', attr: 'value' } },
    } as const;
    expect(scimErrorOf(() => filterToSql(filter, resolve))).toMatchObject({
      scimType: 'invalidFilter',
      message: "'urn:x:value' is not a sub-attribute",
    });
  });

  it('never finds an inherited member as a sub-attribute (issue 9)', () => {
    expect(scimErrorOf(() => sql('tags.toString eq "x"')).scimType).toBe('invalidFilter');
    expect(scimErrorOf(() => sql('tags[valueOf pr]')).scimType).toBe('invalidFilter');
  });
});

describe('filterToSql: bindings carry every value, in order, and never the SQL text', () => {
  it('lower-cases the operand of a case-insensitive attribute only', () => {
    expect(sql('name eq "MiXeD"').bindings).toEqual(['mixed']);
    expect(sql('code eq "MiXeD"').bindings).toEqual(['MiXeD']);
  });

  it('turns co/sw/ew into LIKE patterns, escaping the wildcards and the escape character', () => {
    expect(sql('name co "A%b"').bindings).toEqual(['%a\\%b%']);
    expect(sql('name sw "a_b"').bindings).toEqual(['a\\_b%']);
    expect(sql('name ew "a\\\\b"').bindings).toEqual(['%a\\\\b']);
  });

  it('binds booleans and numbers as such, and a dateTime normalised to UTC ISO', () => {
    expect(sql('flag eq true').bindings).toEqual([true]);
    expect(sql('size ge 3').bindings).toEqual([3]);
    expect(sql('when gt "2026-03-01T12:00:00+02:00"').bindings).toEqual(['2026-03-01T10:00:00.000Z']);
  });

  it('keeps left-to-right order across and/or/not and value filters', () => {
    expect(sql('(name eq "a" or code eq "B") and not (tags[type eq "T" and weight gt 2])').bindings).toEqual(['a', 'B', 'T', 2]);
  });

  it('binds nothing for null comparisons and presence', () => {
    expect(sql('name eq null and code ne null and name pr and tags pr').bindings).toEqual([]);
  });
});

describe('filterToSql: how types and operators map', () => {
  it.each<[string, string]>([
    ['name eq "a"', 'coalesce((lower(c_name) = ?), false)'],
    ['name ne "a"', 'coalesce((lower(c_name) is distinct from ?), false)'],
    ['code eq "a"', 'coalesce((c_code = ?), false)'],
    ['code co "a"', "coalesce((c_code like ? escape '\\'), false)"],
    ['name gt "a"', 'coalesce((lower(c_name) collate "C" > ? collate "C"), false)'],
    ['name le "a"', 'coalesce((lower(c_name) collate "C" <= ? collate "C"), false)'],
    ['flag eq true', 'coalesce((c_flag = ?), false)'],
    ['flag ne true', 'coalesce((c_flag is distinct from ?), false)'],
    ['size eq 1', 'coalesce((c_size = ?), false)'],
    ['size ne 1', 'coalesce((c_size is distinct from ?), false)'],
    ['size gt 1', 'coalesce((c_size > ?), false)'],
    ['size ge 1', 'coalesce((c_size >= ?), false)'],
    ['size lt 1', 'coalesce((c_size < ?), false)'],
    ['size le 1', 'coalesce((c_size <= ?), false)'],
    ['when lt "2026-01-01T00:00:00Z"', 'coalesce((c_when < ?::timestamptz), false)'],
    ['name eq null', 'coalesce((c_name is null), false)'],
    ['name ne null', 'coalesce((c_name is not null), false)'],
    ['name pr', "coalesce(c_name <> '', false)"],
    ['flag pr', '(c_flag is not null)'],
    ['not (flag pr)', '(not (c_flag is not null))'],
    ['flag pr and size pr', '((c_flag is not null) and (c_size is not null))'],
    ['flag pr or size pr', '((c_flag is not null) or (c_size is not null))'],
  ])('%s → %s', (filter, expected) => {
    expect(sql(filter).sql).toBe(expected);
  });

  it('looks into a multi-valued attribute with EXISTS over its rows, its default sub-attribute being value', () => {
    const tags = TARGETS.get('tags') as MultiValuedTarget;
    expect(sql('tags eq "x"').sql).toBe(`exists (select 1 from ${tags.from} where coalesce((lower((elem->>'value')) = ?), false))`);
    expect(sql('TAGS.Type eq "x"').sql).toBe(`exists (select 1 from ${tags.from} where coalesce(((elem->>'type') = ?), false))`);
    expect(sql('rows eq "x"').sql).toBe('exists (select 1 from r where r.owner = t.id and coalesce((r.v = ?), false))');
    expect(sql('rows[value eq "x" or not (value pr)]').sql).toBe(
      "exists (select 1 from r where r.owner = t.id and (coalesce((r.v = ?), false) or (not coalesce(r.v <> '', false))))",
    );
  });

  it('casts jsonb sub-attributes to their type and guards against a value that is not an array', () => {
    const tags = jsonbArrayTarget('x', {
      b: { type: 'boolean', caseExact: false },
      n: { type: 'number', caseExact: false },
      s: { type: 'string', caseExact: true },
    });
    expect(tags.subAttributes).toEqual({
      b: { type: 'boolean', caseExact: false, sql: "((elem->>'b'))::boolean" },
      n: { type: 'number', caseExact: false, sql: "((elem->>'n'))::numeric" },
      s: { type: 'string', caseExact: true, sql: "(elem->>'s')" },
    });
    expect(tags.from).toBe(
      "jsonb_array_elements((case when jsonb_typeof(x) = 'array' then x else '[]'::jsonb end)) with ordinality as elements(elem, position)",
    );
    expect(tags.defaultSub).toBe('value');
    // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else the first.
    expect(tags.orderBy).toBe("(elem->>'primary')::boolean desc nulls last, position");
  });
});

describe('sortExpression (RFC 7644 §3.4.2.3)', () => {
  const path = (attr: string, sub?: string): AttrPath => (sub ? { attr, sub } : { attr });

  it('sorts a case-insensitive string lower-cased, anything else as is', () => {
    expect(sortExpression(path('name'), resolve)).toEqual({ sql: 'lower(c_name)', type: 'string' });
    expect(sortExpression(path('code'), resolve)).toEqual({ sql: 'c_code', type: 'string' });
    expect(sortExpression(path('size'), resolve)).toEqual({ sql: 'c_size', type: 'number' });
  });

  it('sorts a multi-valued attribute by its primary (else first) value', () => {
    const tags = TARGETS.get('tags') as MultiValuedTarget;
    expect(sortExpression(path('tags'), resolve)).toEqual({
      sql: `(select lower((elem->>'value')) from ${tags.from} order by ${tags.orderBy} limit 1)`,
      type: 'string',
    });
    expect(sortExpression(path('tags', 'type'), resolve)).toEqual({
      sql: `(select (elem->>'type') from ${tags.from} order by ${tags.orderBy} limit 1)`,
      type: 'string',
    });
    expect(sortExpression(path('tags', 'weight'), resolve).type).toBe('number');
  });

  it('refuses an unknown attribute, an unknown sub-attribute, and an unordered multi-valued one (400 invalidValue)', () => {
    expect(scimErrorOf(() => sortExpression(path('nosuch'), resolve))).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: "Cannot sort by unknown attribute 'nosuch'",
    });
    expect(scimErrorOf(() => sortExpression(path('tags', 'nosuch'), resolve))).toMatchObject({
      scimType: 'invalidValue',
      message: "Cannot sort by 'tags.nosuch'",
    });
    expect(scimErrorOf(() => sortExpression(path('rows'), resolve))).toMatchObject({
      scimType: 'invalidValue',
      message: "Cannot sort by 'rows'",
    });
    // Sort paths are matched exactly, unlike filters: a mis-cased sub-attribute names nothing.
    expect(scimErrorOf(() => sortExpression(path('tags', 'TYPE'), resolve)).scimType).toBe('invalidValue');
  });
});

describe('metaTargets', () => {
  it('maps meta.created/lastModified to the timestamps and resourceType to a constant', () => {
    expect(Object.fromEntries(metaTargets('t', 'User'))).toEqual({
      created: { kind: 'scalar', sql: 't.created_at', type: 'dateTime', caseExact: false },
      lastmodified: { kind: 'scalar', sql: 't.updated_at', type: 'dateTime', caseExact: false },
      resourcetype: { kind: 'scalar', sql: "'User'", type: 'string', caseExact: true },
    });
  });
});

describe('which User attributes are filterable (RFC 7643 §4.1, caseExact per §8.7.1)', () => {
  const user = (text: string) => resolveUserFilterAttribute(parseFilterPath(text));
  const ENTERPRISE = SCHEMA.enterpriseUser;

  it.each<[string, string, boolean]>([
    ['userName', 'string', false],
    ['USERNAME', 'string', false],
    ['externalId', 'string', true],
    ['id', 'string', true],
    ['displayName', 'string', false],
    ['active', 'boolean', false],
    ['nickName', 'string', false],
    ['profileUrl', 'string', true],
    ['name.givenName', 'string', false],
    ['name.FAMILYNAME', 'string', false],
    ['meta.created', 'dateTime', false],
    ['meta.lastModified', 'dateTime', false],
    ['meta.resourceType', 'string', true],
    [`${SCHEMA.user}:userName`, 'string', false],
    [`${ENTERPRISE}:department`, 'string', false],
    [`${ENTERPRISE}:EmployeeNumber`, 'string', false],
    [`${ENTERPRISE}:manager`, 'string', true],
    [`${ENTERPRISE}:manager.value`, 'string', true],
    [`${ENTERPRISE}:manager.displayName`, 'string', false],
  ])('%s is a %s, caseExact %s', (text, type, caseExact) => {
    expect(user(text)).toMatchObject({ kind: 'scalar', type, caseExact });
  });

  it('reads the enterprise and name attributes from their jsonb paths', () => {
    expect(user(`${ENTERPRISE}:department`)).toMatchObject({ sql: `(attributes #>> '{"${ENTERPRISE}","department"}')` });
    expect(user(`${ENTERPRISE}:manager`)).toMatchObject({ sql: `(attributes #>> '{"${ENTERPRISE}","manager","value"}')` });
    expect(user('name.givenName')).toMatchObject({ sql: `(attributes #>> '{"name","givenName"}')` });
  });

  it.each(['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles', 'groups', 'addresses', 'emails.type'])(
    '%s is multi-valued',
    (text) => {
      expect(user(text)).toMatchObject({ kind: 'multi' });
    },
  );

  it.each([
    'nosuch',
    'name',
    'name.nosuch',
    'meta',
    'meta.nosuch',
    'userName.value',
    'toString',
    `${ENTERPRISE}:nosuch`,
    `${ENTERPRISE}:department.value`,
    `${ENTERPRISE}:manager.nosuch`,
    `${SCHEMA.group}:displayName`,
    'urn:example:ext:1.0:User:x',
  ])('%s is not filterable', (text) => {
    expect(user(text)).toBeUndefined();
  });
});

describe('which Group attributes are filterable (RFC 7643 §4.2)', () => {
  const group = (text: string) => resolveGroupFilterAttribute(parseFilterPath(text));

  it('displayName (case-insensitive), externalId and id (exact), members, meta', () => {
    expect(group('DisplayName')).toMatchObject({ kind: 'scalar', type: 'string', caseExact: false });
    expect(group('externalId')).toMatchObject({ kind: 'scalar', caseExact: true });
    expect(group('id')).toMatchObject({ kind: 'scalar', caseExact: true });
    expect(group(`${SCHEMA.group}:displayName`)).toMatchObject({ kind: 'scalar' });
    expect(group('members')).toMatchObject({ kind: 'multi' });
    expect(group('members.value')).toMatchObject({ kind: 'multi' });
    expect(group('meta.lastModified')).toMatchObject({ type: 'dateTime' });
  });

  it.each(['nosuch', 'displayName.value', 'meta', 'meta.nosuch', `${SCHEMA.user}:displayName`, 'toString'])('%s is not', (text) => {
    expect(group(text)).toBeUndefined();
  });

  it('inside members[...]: the sub-attributes of one membership, without schema or sub', () => {
    expect(resolveMemberElementAttribute({ attr: 'VALUE' })).toMatchObject({ kind: 'scalar', type: 'string' });
    expect(resolveMemberElementAttribute({ attr: 'value', sub: 'x' })).toBeUndefined();
    expect(resolveMemberElementAttribute({ schema: 'urn:x', attr: 'value' })).toBeUndefined();
    expect(resolveMemberElementAttribute({ attr: 'constructor' })).toBeUndefined();
    expect(resolveMemberElementAttribute({ attr: 'nosuch' })).toBeUndefined();
  });
});

/** A filter path as the parser reads it (`x pr` is the simplest filter naming a path). */
function parseFilterPath(text: string): AttrPath {
  const filter = parseFilter(`${text} pr`);
  if (filter.type !== 'present') throw new Error(`not a path: ${text}`);
  return filter.path;
}
