import { ScimError } from '../../scim/errors';
import { nullPrototype, ownKeyIgnoringCase } from '../../scim/own-keys';
import { formatAttrPath, type AttrPath, type CompareOp, type CompareValue, type Filter } from '../../scim/filter/ast';

/**
 * Translates a filter into a parameterised SQL boolean expression (PostgreSQL dialect, `?`
 * placeholders as knex.raw expects). Values never reach the SQL text. Which attributes exist and
 * how they are stored is supplied by the resource type's `AttributeResolver`; an attribute it does
 * not know is an `invalidFilter` error, never a silently empty result.
 */

export type ScalarType = 'string' | 'boolean' | 'dateTime' | 'number';

export interface ScalarTarget {
  kind: 'scalar';
  /** SQL expression yielding text (or boolean/timestamptz for those types). Trusted, never user input. */
  sql: string;
  type: ScalarType;
  caseExact: boolean;
}

export interface MultiValuedTarget {
  kind: 'multi';
  /** FROM clause (with an optional correlated WHERE) yielding one row per value. Trusted SQL. */
  from: string;
  where?: string;
  /** The value's sub-attributes as SQL over that row, e.g. emails: value, type, primary, display. */
  subAttributes: Record<string, { sql: string; type: ScalarType; caseExact: boolean }>;
  /** Sub-attribute meant by `emails eq "x"` (RFC 7643 §2.4: `value`). */
  defaultSub: string;
  /** Orders the values so the first is the one a sort uses (primary first). */
  orderBy?: string;
}

/** A multi-valued attribute stored as a jsonb array of objects. */
export function jsonbArrayTarget(arraySql: string, subs: Record<string, { type: ScalarType; caseExact: boolean }>): MultiValuedTarget {
  const array = `(case when jsonb_typeof(${arraySql}) = 'array' then ${arraySql} else '[]'::jsonb end)`;
  // Null prototype: looked up by request data (issue 9), so `constructor` finds nothing.
  const subAttributes: MultiValuedTarget['subAttributes'] = nullPrototype({});
  for (const [name, spec] of Object.entries(subs)) {
    const text = `(elem->>'${name}')`;
    subAttributes[name] = {
      ...spec,
      sql: spec.type === 'boolean' ? `(${text})::boolean` : spec.type === 'number' ? `(${text})::numeric` : text,
    };
  }
  return {
    kind: 'multi',
    from: `jsonb_array_elements(${array}) with ordinality as elements(elem, position)`,
    subAttributes,
    defaultSub: 'value',
    orderBy: `(elem->>'primary')::boolean desc nulls last, position`,
  };
}

export type AttributeResolver = (path: AttrPath) => ScalarTarget | MultiValuedTarget | undefined;

export interface SqlFragment {
  sql: string;
  bindings: Array<string | number | boolean>;
}

export function filterToSql(filter: Filter, resolve: AttributeResolver): SqlFragment {
  const bindings: Array<string | number | boolean> = [];
  const sql = translate(filter, resolve, bindings);
  return { sql, bindings };
}

function translate(filter: Filter, resolve: AttributeResolver, bindings: SqlFragment['bindings']): string {
  switch (filter.type) {
    case 'and':
    case 'or':
      return `(${translate(filter.left, resolve, bindings)} ${filter.type} ${translate(filter.right, resolve, bindings)})`;
    case 'not':
      return `(not ${translate(filter.filter, resolve, bindings)})`;
    case 'valuePath': {
      const target = resolveTarget(filter.path, resolve);
      if (target.kind !== 'multi') {
        throw ScimError.badRequest('invalidFilter', `'${formatAttrPath(filter.path)}' is not multi-valued`);
      }
      const inner = translateElement(filter.filter, target, bindings);
      return existsElement(target, inner);
    }
    case 'present':
    case 'compare': {
      const target = resolveTarget(filter.path, resolve);
      if (target.kind === 'scalar') return leaf(filter, target, bindings);
      const sub = filter.path.sub ?? target.defaultSub;
      const element = elementTarget(target, sub, filter.path);
      return existsElement(target, leaf(filter, element, bindings));
    }
  }
}

/** Inside `attr[...]`, paths name sub-attributes of one element. */
function translateElement(filter: Filter, target: MultiValuedTarget, bindings: SqlFragment['bindings']): string {
  switch (filter.type) {
    case 'and':
    case 'or':
      return `(${translateElement(filter.left, target, bindings)} ${filter.type} ${translateElement(filter.right, target, bindings)})`;
    case 'not':
      return `(not ${translateElement(filter.filter, target, bindings)})`;
    case 'valuePath':
      throw ScimError.badRequest('invalidFilter', 'Value filters cannot be nested');
    case 'present':
    case 'compare': {
      if (filter.path.schema || filter.path.sub) {
        throw ScimError.badRequest('invalidFilter', `'${formatAttrPath(filter.path)}' is not a sub-attribute`);
      }
      return leaf(filter, elementTarget(target, filter.path.attr, filter.path), bindings);
    }
  }
}

function resolveTarget(path: AttrPath, resolve: AttributeResolver): ScalarTarget | MultiValuedTarget {
  const target = resolve(path);
  if (!target) throw ScimError.badRequest('invalidFilter', `Unknown or unfilterable attribute '${formatAttrPath(path)}'`);
  return target;
}

function elementTarget(target: MultiValuedTarget, sub: string, path: AttrPath): ScalarTarget {
  const spec = subAttribute(target, sub, true);
  if (!spec) throw ScimError.badRequest('invalidFilter', `Unknown sub-attribute in '${formatAttrPath(path)}'`);
  return { kind: 'scalar', sql: spec.sql, type: spec.type, caseExact: spec.caseExact };
}

/** A sub-attribute's SQL by name (own keys only, issue 9); `ignoreCase` as RFC 7643 §2.1 allows. */
function subAttribute(
  target: MultiValuedTarget,
  name: string,
  ignoreCase: boolean,
): MultiValuedTarget['subAttributes'][string] | undefined {
  const key = ignoreCase ? ownKeyIgnoringCase(target.subAttributes, name) : Object.hasOwn(target.subAttributes, name) ? name : undefined;
  return key === undefined ? undefined : target.subAttributes[key];
}

function existsElement(target: MultiValuedTarget, condition: string): string {
  return `exists (select 1 from ${target.from} where ${target.where ? `${target.where} and ` : ''}${condition})`;
}

function leaf(filter: Extract<Filter, { type: 'compare' | 'present' }>, target: ScalarTarget, bindings: SqlFragment['bindings']): string {
  if (filter.type === 'present') {
    return target.type === 'string' ? `coalesce(${target.sql} <> '', false)` : `(${target.sql} is not null)`;
  }
  return `coalesce(${compare(filter.op, filter.value, target, bindings, filter.path)}, false)`;
}

function compare(op: CompareOp, value: CompareValue, target: ScalarTarget, bindings: SqlFragment['bindings'], path: AttrPath): string {
  const name = formatAttrPath(path);
  if (value === null) {
    if (op === 'eq') return `(${target.sql} is null)`;
    if (op === 'ne') return `(${target.sql} is not null)`;
    throw ScimError.badRequest('invalidFilter', `'${op}' cannot compare with null`);
  }
  switch (target.type) {
    case 'boolean': {
      if (typeof value !== 'boolean') throw ScimError.badRequest('invalidFilter', `'${name}' is boolean; compare it with true or false`);
      if (op !== 'eq' && op !== 'ne') throw ScimError.badRequest('invalidFilter', `'${op}' is not defined for boolean '${name}'`);
      bindings.push(value);
      return op === 'eq' ? `(${target.sql} = ?)` : `(${target.sql} is distinct from ?)`;
    }
    case 'number': {
      if (typeof value !== 'number') throw ScimError.badRequest('invalidFilter', `'${name}' is numeric; compare it with a number`);
      if (['co', 'sw', 'ew'].includes(op)) throw ScimError.badRequest('invalidFilter', `'${op}' is not defined for numeric '${name}'`);
      bindings.push(value);
      return `(${target.sql} ${SQL_ORDER_OPS[op as keyof typeof SQL_ORDER_OPS]} ?)`;
    }
    case 'dateTime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
        throw ScimError.badRequest('invalidFilter', `'${name}' is a dateTime; compare it with an xsd:dateTime string`);
      }
      if (['co', 'sw', 'ew'].includes(op)) throw ScimError.badRequest('invalidFilter', `'${op}' is not defined for dateTime '${name}'`);
      bindings.push(new Date(value).toISOString());
      return `(${target.sql} ${SQL_ORDER_OPS[op as keyof typeof SQL_ORDER_OPS]} ?::timestamptz)`;
    }
    case 'string': {
      if (typeof value !== 'string') throw ScimError.badRequest('invalidFilter', `'${name}' is a string; compare it with a quoted string`);
      const column = target.caseExact ? target.sql : `lower(${target.sql})`;
      const operand = target.caseExact ? value : value.toLowerCase();
      if (op === 'co' || op === 'sw' || op === 'ew') {
        const escaped = operand.replace(/[\\%_]/g, (c) => `\\${c}`);
        bindings.push(op === 'co' ? `%${escaped}%` : op === 'sw' ? `${escaped}%` : `%${escaped}`);
        return `(${column} like ? escape '\\')`;
      }
      bindings.push(operand);
      // "C" collation makes ordering byte-wise, so gt/lt agree with the in-memory evaluator.
      if (op === 'eq' || op === 'ne') return `(${column} ${SQL_ORDER_OPS[op]} ?)`;
      return `(${column} collate "C" ${SQL_ORDER_OPS[op]} ? collate "C")`;
    }
  }
}

const SQL_ORDER_OPS = { eq: '=', ne: 'is distinct from', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/**
 * The SQL value to order by for `sortBy` (RFC 7644 §3.4.2.3). A multi-valued attribute sorts by
 * its primary value, else its first one.
 */
export function sortExpression(path: AttrPath, resolve: AttributeResolver): { sql: string; type: ScalarType } {
  const target = resolve(path);
  if (!target) throw ScimError.badRequest('invalidValue', `Cannot sort by unknown attribute '${formatAttrPath(path)}'`);
  if (target.kind === 'scalar')
    return { sql: target.caseExact || target.type !== 'string' ? target.sql : `lower(${target.sql})`, type: target.type };
  const sub = subAttribute(target, path.sub ?? target.defaultSub, false);
  if (!sub || !target.orderBy) throw ScimError.badRequest('invalidValue', `Cannot sort by '${formatAttrPath(path)}'`);
  const value = sub.caseExact || sub.type !== 'string' ? sub.sql : `lower(${sub.sql})`;
  const where = target.where ? ` where ${target.where}` : '';
  return { sql: `(select ${value} from ${target.from}${where} order by ${target.orderBy} limit 1)`, type: sub.type };
}

/** A single-valued attribute stored in a column (or any trusted SQL expression). */
export function scalarColumn(sql: string, type: ScalarType, caseExact: boolean): ScalarTarget {
  return { kind: 'scalar', sql, type, caseExact };
}

/** `meta.created`, `meta.lastModified`, `meta.resourceType` of a table with created_at/updated_at. */
export function metaTargets(table: string, resourceType: string): ReadonlyMap<string, ScalarTarget> {
  return new Map([
    ['created', scalarColumn(`${table}.created_at`, 'dateTime', false)],
    ['lastmodified', scalarColumn(`${table}.updated_at`, 'dateTime', false)],
    ['resourcetype', scalarColumn(`'${resourceType}'`, 'string', true)],
  ]);
}

/** Whether a filter names only attributes `resolve` knows (false: `invalidFilter` for this resource type). */
export function filterFits(filter: Filter, resolve: AttributeResolver): boolean {
  try {
    filterToSql(filter, resolve);
    return true;
  } catch (error) {
    if (error instanceof ScimError && error.scimType === 'invalidFilter') return false;
    throw error;
  }
}
