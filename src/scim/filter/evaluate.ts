import { getOwnIgnoringCase } from '../own-keys';
import type { AttrPath, CompareValue, Filter } from './ast';

/**
 * Evaluates a filter against one JSON object in memory. PATCH uses it for value filters such as
 * `emails[type eq "work"]`; the property tests use it as the reference for the SQL translation.
 * Strings compare case-insensitively unless `caseExact` says otherwise for that attribute.
 */
export function matchesFilter(
  filter: Filter,
  resource: Record<string, unknown>,
  caseExact: (path: AttrPath) => boolean = () => false,
): boolean {
  switch (filter.type) {
    case 'and':
      return matchesFilter(filter.left, resource, caseExact) && matchesFilter(filter.right, resource, caseExact);
    case 'or':
      return matchesFilter(filter.left, resource, caseExact) || matchesFilter(filter.right, resource, caseExact);
    case 'not':
      return !matchesFilter(filter.filter, resource, caseExact);
    case 'valuePath': {
      const elements = asArray(getAttribute(resource, filter.path.attr));
      return elements.some((element) => isObject(element) && matchesFilter(filter.filter, element, caseExact));
    }
    case 'present':
      return valuesAt(resource, filter.path).some(
        (v) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
      );
    case 'compare':
      return valuesAt(resource, filter.path).some((v) => compareValue(filter.op, v, filter.value, caseExact(filter.path)));
  }
}

/**
 * Looks a key up case-insensitively, as SCIM attribute names are (RFC 7643 §2.1), among own
 * properties only: `constructor` or `__proto__` never reach `Object.prototype` (issue 9).
 */
export function getAttribute(object: Record<string, unknown>, name: string): unknown {
  return getOwnIgnoringCase(object, name);
}

function valuesAt(resource: Record<string, unknown>, path: AttrPath): unknown[] {
  const container = path.schema && !isCoreSchema(path.schema) ? getAttribute(resource, path.schema) : resource;
  if (!isObject(container)) return [];
  const top = getAttribute(container, path.attr);
  const items = Array.isArray(top) ? top : [top];
  if (!path.sub) {
    // `emails eq "x"` compares each element's `value`.
    return items.map((item) => (isObject(item) ? getAttribute(item, 'value') : item));
  }
  return items.map((item) => (isObject(item) ? getAttribute(item, path.sub!) : undefined));
}

function compareValue(op: string, actual: unknown, expected: CompareValue, caseExact: boolean): boolean {
  if (expected === null)
    return op === 'eq' ? actual === null || actual === undefined : op === 'ne' ? actual !== null && actual !== undefined : false;
  if (actual === null || actual === undefined) return op === 'ne';
  if (typeof expected === 'boolean') {
    const a = typeof actual === 'string' ? actual.toLowerCase() === 'true' : actual;
    return op === 'eq' ? a === expected : op === 'ne' ? a !== expected : false;
  }
  if (typeof expected === 'number') {
    const a = Number(actual);
    return ORDER.get(op)?.(a < expected ? -1 : a > expected ? 1 : 0) ?? false;
  }
  if (typeof actual !== 'string') return op === 'ne';
  const a = caseExact ? actual : actual.toLowerCase();
  const e = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    default:
      return ORDER.get(op)?.(a < e ? -1 : a > e ? 1 : 0) ?? false;
  }
}

const ORDER: ReadonlyMap<string, (cmp: number) => boolean> = new Map<string, (cmp: number) => boolean>([
  ['eq', (c) => c === 0],
  ['ne', (c) => c !== 0],
  ['gt', (c) => c > 0],
  ['ge', (c) => c >= 0],
  ['lt', (c) => c < 0],
  ['le', (c) => c <= 0],
]);

function isCoreSchema(schema: string): boolean {
  return /^urn:ietf:params:scim:schemas:core:2\.0:/i.test(schema);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
