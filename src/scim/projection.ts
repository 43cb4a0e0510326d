import { ScimError } from './errors';
import { getAttribute, isObject } from './filter/evaluate';
import type { AttrPath } from './filter/ast';
import { parseAttrPath } from './filter/parser';
import { MAX_PROJECTION_PATHS } from './limits';
import { ownKeyIgnoringCase, ownValue } from './own-keys';

/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) applied to a resource as served.
 * `id` and `schemas` are always returned; names compare case-insensitively; a path may name a
 * sub-attribute (`name.givenName`, `emails.value`) or carry its schema URN. Names resolve to own
 * keys only, and paths naming `__proto__`, `constructor` or `prototype` are refused (issue 9).
 */
export interface Projection {
  attributes?: AttrPath[];
  excludedAttributes?: AttrPath[];
}

const ALWAYS = new Set(['id', 'schemas']);

export function parseProjection(attributes: unknown, excludedAttributes: unknown): Projection {
  const parse = (value: unknown, name: string): AttrPath[] | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const items = Array.isArray(value) ? value : String(value).split(',');
    if (items.length > MAX_PROJECTION_PATHS) {
      throw ScimError.badRequest('invalidValue', `${name} names more than ${MAX_PROJECTION_PATHS} attributes`);
    }
    return items
      .map((item) => String(item).trim())
      .filter((item) => item !== '')
      .map((item) => {
        try {
          return parseAttrPath(item);
        } catch {
          throw ScimError.badRequest('invalidValue', `Invalid attribute name '${item}' in ${name}`);
        }
      });
  };
  const projection: Projection = {};
  const included = parse(attributes, 'attributes');
  const excluded = parse(excludedAttributes, 'excludedAttributes');
  if (included) projection.attributes = included;
  if (excluded) projection.excludedAttributes = excluded;
  return projection;
}

/** Whether a top-level attribute will be returned at all (lets callers skip loading it). */
export function isReturned(projection: Projection, name: string, coreSchema: string): boolean {
  const names = (paths: AttrPath[] | undefined) => paths?.filter((p) => topLevelKey(p, coreSchema)?.toLowerCase() === name.toLowerCase());
  if (projection.attributes) return (names(projection.attributes)?.length ?? 0) > 0;
  const excluded = names(projection.excludedAttributes) ?? [];
  return !excluded.some((p) => !p.sub);
}

export function project(resource: Record<string, unknown>, projection: Projection, coreSchema: string): Record<string, unknown> {
  if (projection.attributes) {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(resource)) if (ALWAYS.has(key)) result[key] = resource[key];
    // `result` only receives names that exist as own keys of `resource` (or an extension URN).
    for (const path of projection.attributes) copyPath(resource, result, path, coreSchema);
    return result;
  }
  if (projection.excludedAttributes) {
    const result = structuredClone(resource);
    for (const path of projection.excludedAttributes) removePath(result, path, coreSchema);
    return result;
  }
  return resource;
}

/** The key the path starts at: the attribute itself, or the extension object holding it. */
function topLevelKey(path: AttrPath, coreSchema: string): string | undefined {
  if (!path.schema || path.schema.toLowerCase() === coreSchema.toLowerCase()) return path.attr;
  return path.schema;
}

function locate(
  resource: Record<string, unknown>,
  path: AttrPath,
  coreSchema: string,
): { container: Record<string, unknown>; key: string } | undefined {
  if (!path.schema || path.schema.toLowerCase() === coreSchema.toLowerCase()) {
    return { container: resource, key: actualKey(resource, path.attr) };
  }
  const extension = getAttribute(resource, path.schema);
  if (!isObject(extension)) return undefined;
  return { container: extension, key: actualKey(extension, path.attr) };
}

function copyPath(source: Record<string, unknown>, target: Record<string, unknown>, path: AttrPath, coreSchema: string): void {
  const found = locate(source, path, coreSchema);
  if (!found || !Object.hasOwn(found.container, found.key)) return;
  let destination = target;
  if (path.schema && path.schema.toLowerCase() !== coreSchema.toLowerCase()) {
    const extKey = actualKey(source, path.schema);
    const existingExtension = ownValue(target, extKey);
    destination = isObject(existingExtension) ? existingExtension : (target[extKey] = {});
    const schemas = target.schemas;
    if (Array.isArray(schemas) && !schemas.includes(extKey)) target.schemas = [...schemas, extKey];
  }
  const value = found.container[found.key];
  if (!path.sub) {
    destination[found.key] = value;
    return;
  }
  const pick = (item: unknown) => {
    if (!isObject(item)) return undefined;
    const key = actualKey(item, path.sub!);
    return Object.hasOwn(item, key) ? { [key]: item[key] } : {};
  };
  const existing = ownValue(destination, found.key);
  if (Array.isArray(value)) {
    const picked = value.map(pick);
    destination[found.key] = Array.isArray(existing)
      ? existing.map((e, i) => ({ ...(isObject(e) ? e : {}), ...(picked[i] ?? {}) }))
      : picked;
  } else {
    destination[found.key] = { ...(isObject(existing) ? existing : {}), ...(pick(value) ?? {}) };
  }
}

function removePath(resource: Record<string, unknown>, path: AttrPath, coreSchema: string): void {
  if (!path.sub && !path.schema && ALWAYS.has(path.attr)) return;
  const found = locate(resource, path, coreSchema);
  if (!found) return;
  if (!path.sub) {
    delete found.container[found.key];
    return;
  }
  const value = ownValue(found.container, found.key);
  for (const item of Array.isArray(value) ? value : [value]) {
    if (isObject(item)) delete item[actualKey(item, path.sub)];
  }
}

/** The own key spelled `name` in any case, else `name` (which then names nothing: callers check `Object.hasOwn`). */
function actualKey(object: Record<string, unknown>, name: string): string {
  return ownKeyIgnoringCase(object, name) ?? name;
}
