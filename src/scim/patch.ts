import { z } from 'zod';
import { ScimError } from './errors';
import { getAttribute, isObject, matchesFilter } from './filter/evaluate';
import type { Filter } from './filter/ast';
import { MAX_PATCH_OPERATIONS } from './limits';
import { KeyIndex, ownKeyIgnoringCase, ownValue } from './own-keys';
import { checkPatchOperations } from './patch-check';
import { parsePatchPath, type PatchPath } from './patch-path';

/**
 * RFC 7644 §3.5.2 PATCH applied to a resource's attributes as plain JSON. Pure: it returns a new
 * object and never touches its input, so a failing operation list leaves nothing half-applied.
 * The caller validates the result before storing it. Request names are only ever resolved to
 * own keys and every write defines an own property (issue 9: no prototype keys), and merges are
 * Map/Set based, O(n + m) (issue 9: linear time on request data).
 */

/** Attributes as the PATCH walks them: not yet validated, so any value may sit anywhere. */
type Attributes = Record<string, unknown>;

export const patchRequestSchema = z.looseObject({
  schemas: z.array(z.string()).optional(),
  Operations: z
    .array(
      z.looseObject({
        // Entra capitalises ops ("Replace"); RFC names are lower case.
        op: z
          .string()
          .transform((op) => op.toLowerCase())
          .pipe(z.enum(['add', 'replace', 'remove'])),
        path: z.string().min(1).optional(),
        value: z.unknown().optional(),
      }),
    )
    .min(1, 'Operations must contain at least one operation')
    .max(MAX_PATCH_OPERATIONS, `At most ${MAX_PATCH_OPERATIONS} operations per request`),
});

export type PatchRequest = z.infer<typeof patchRequestSchema>;
export type PatchOperation = PatchRequest['Operations'][number];

export interface PatchRules {
  /** Attributes the client may never set (`id`, `meta`, `groups` on users, ...). */
  readOnly: readonly string[];
  /** Keys in a pathless value that are ignored rather than rejected (Okta and Entra send `id`). */
  ignoredInValue: readonly string[];
}

export function applyPatch(resource: Attributes, operations: readonly PatchOperation[], rules: PatchRules): Attributes {
  checkPatchOperations(operations);
  const result = structuredClone(resource);
  for (const operation of operations) {
    // The result must not share objects with the request: a later operation (a filtered remove
    // of a sub-attribute) would otherwise edit the caller's operation values (issue 10).
    applyOperation(result, { ...operation, value: structuredClone(operation.value) }, rules);
  }
  return result;
}

function applyOperation(resource: Attributes, operation: PatchOperation, rules: PatchRules): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    if (op === 'remove') throw ScimError.badRequest('noTarget', "A 'remove' operation needs a path");
    if (!isObject(value)) throw ScimError.badRequest('invalidValue', `A '${op}' without a path needs an object value`);
    for (const [key, entry] of Object.entries(value)) {
      if (rules.ignoredInValue.some((k) => k.toLowerCase() === key.toLowerCase())) continue;
      applyAtPath(resource, op, parseValueKey(key), entry, rules, key);
    }
    return;
  }
  applyAtPath(resource, op, parsePatchPath(path), value, rules, path);
}

/** Pathless values may use dotted or URN-qualified keys (Entra) or an extension URN holding an object. */
function parseValueKey(key: string): PatchPath {
  try {
    return parsePatchPath(key);
  } catch {
    throw ScimError.badRequest('invalidValue', `Unsupported attribute name '${key}' in the value`);
  }
}

function applyAtPath(
  resource: Attributes,
  op: 'add' | 'replace' | 'remove',
  path: PatchPath,
  value: unknown,
  rules: PatchRules,
  pathText: string,
): void {
  if (!path.extension && rules.readOnly.some((name) => name.toLowerCase() === path.attr.toLowerCase())) {
    throw new ScimError(400, `'${path.attr}' is read-only`, 'mutability');
  }
  const container = containerFor(resource, path, op !== 'remove');
  if (!container) {
    if (op === 'remove') return; // Removing from an absent extension changes nothing.
    throw ScimError.badRequest('noTarget', `No target for '${pathText}'`);
  }
  const key = existingKey(container, path.attr);

  if (path.filter) {
    applyFiltered(container, key, op, path.filter, path.sub, value, pathText);
    return;
  }

  if (op === 'remove') {
    removeValue(container, key, path.sub, value);
    return;
  }
  if (value === undefined) throw ScimError.badRequest('invalidValue', `'${op}' on '${pathText}' needs a value`);

  if (path.sub) {
    const parent = ownValue(container, key);
    if (parent !== undefined && parent !== null && !isObject(parent)) {
      throw ScimError.badRequest('invalidPath', `'${path.attr}' has no sub-attributes`);
    }
    const object = isObject(parent) ? parent : setOwn(container, key, {});
    setOwn(object, existingKey(object, path.sub), value);
    return;
  }

  const current = ownValue(container, key);
  if (op === 'add' && (Array.isArray(current) || (current === undefined && Array.isArray(value)))) {
    // An absent multi-valued attribute is an empty one: the same add dedups the same way (issue 10).
    const additions = Array.isArray(value) ? value : [value];
    setOwn(container, key, mergeMultiValued(Array.isArray(current) ? current : [], additions));
  } else if (op === 'add' && isObject(current) && isObject(value)) {
    setOwn(container, key, mergeObject(current, value));
  } else if (op === 'replace' && isObject(current) && isObject(value) && !path.extension && !isExtensionUrn(path.attr)) {
    // RFC 7644 §3.5.2.3: replacing a complex attribute replaces the sub-attributes given.
    setOwn(container, key, mergeObject(current, value));
  } else if (isExtensionUrn(path.attr) && isObject(current) && isObject(value)) {
    setOwn(container, key, mergeObject(current, value));
  } else {
    setOwn(container, key, value);
  }
}

function applyFiltered(
  container: Attributes,
  key: string,
  op: 'add' | 'replace' | 'remove',
  filter: Filter,
  sub: string | undefined,
  value: unknown,
  pathText: string,
): void {
  const current = ownValue(container, key);
  if (current !== undefined && current !== null && !Array.isArray(current)) {
    throw ScimError.badRequest('invalidPath', `'${key}' is not multi-valued, so '${pathText}' cannot filter it`);
  }
  const elements = (current ?? []) as unknown[];
  const matches = elements.filter((e): e is Attributes => isObject(e) && matchesFilter(filter, e));

  if (op === 'remove') {
    if (matches.length === 0) return;
    if (sub) {
      for (const element of matches) deleteOwn(element, sub);
    } else {
      const matched = new Set<unknown>(matches);
      setOwn(
        container,
        key,
        elements.filter((e) => !matched.has(e)),
      );
    }
    return;
  }
  if (value === undefined) throw ScimError.badRequest('invalidValue', `'${op}' on '${pathText}' needs a value`);

  if (matches.length === 0) {
    // Entra sends `emails[type eq "work"].value` for entries that do not exist yet: create one
    // from the filter's equalities, as RFC 7644 §3.5.2.1 allows for add and Entra expects for replace.
    const seed = seedFromFilter(filter);
    if (!seed) throw ScimError.badRequest('noTarget', `No value matches '${pathText}'`);
    const created = sub ? { ...seed, [sub]: value } : isObject(value) ? { ...seed, ...value } : undefined;
    if (!created) throw ScimError.badRequest('invalidValue', `'${pathText}' needs an object value`);
    setOwn(container, key, [...elements, created]);
    return;
  }
  for (const element of matches) {
    if (sub) {
      setOwn(element, existingKey(element, sub), value);
    } else if (isObject(value)) {
      if (op === 'replace') {
        for (const k of Object.keys(element)) delete element[k];
      }
      // Not Object.assign: it would call the `__proto__` setter for an own `__proto__` key.
      for (const [k, v] of Object.entries(value)) setOwn(element, k, v);
    } else {
      throw ScimError.badRequest('invalidValue', `'${pathText}' needs an object value`);
    }
  }
}

function removeValue(container: Attributes, key: string, sub: string | undefined, value: unknown): void {
  const current = ownValue(container, key);
  if (sub) {
    if (isObject(current)) deleteOwn(current, sub);
    else if (Array.isArray(current)) for (const e of current) if (isObject(e)) deleteOwn(e, sub);
    return;
  }
  // Entra removes group members with a value list: remove exactly those entries (a Set: O(n + m)).
  if (Array.isArray(current) && value !== undefined && value !== null) {
    const targets = new Set((Array.isArray(value) ? value : [value]).map(identity));
    setOwn(
      container,
      key,
      current.filter((element) => !targets.has(identity(element))),
    );
    return;
  }
  delete container[key];
}

function containerFor(resource: Attributes, path: PatchPath, create: boolean): Attributes | undefined {
  if (!path.extension) return resource;
  const key = existingKey(resource, path.extension);
  const existing = ownValue(resource, key);
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  return setOwn(resource, key, {});
}

/** Attribute names are case-insensitive: write to the own key already present, if any. */
function existingKey(object: Attributes, name: string): string {
  return ownKeyIgnoringCase(object, name) ?? name;
}

function deleteOwn(object: Attributes, name: string): void {
  const key = ownKeyIgnoringCase(object, name);
  if (key !== undefined) delete object[key];
}

/**
 * Always an own data property, whatever the key: plain assignment of `__proto__` would call the
 * inherited setter instead. Paths and keys naming prototype members are refused before this.
 */
function setOwn<T>(object: Attributes, key: string, value: T): T {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

function mergeObject(current: Attributes, value: Attributes): Attributes {
  const merged: Attributes = { ...current };
  const keys = new KeyIndex(merged);
  for (const [k, v] of Object.entries(value)) setOwn(merged, keys.keyFor(merged, k), v);
  return merged;
}

/**
 * Adding an element already present (same `value`) does not duplicate it. A Map from identity to
 * position makes this O(n + m) (it was a scan per addition, O(n·m): issue 9).
 */
function mergeMultiValued(current: unknown[], additions: unknown[]): unknown[] {
  const result = [...current];
  const positions = new Map<string, number>();
  result.forEach((element, index) => {
    const id = identity(element);
    if (!positions.has(id)) positions.set(id, index);
  });
  for (const addition of additions) {
    const id = identity(addition);
    const index = positions.get(id);
    if (index !== undefined) {
      const existing = result[index];
      // Merging keeps the identity (same `value`), so the position stays valid.
      result[index] = isObject(existing) && isObject(addition) ? { ...existing, ...addition } : addition;
    } else {
      positions.set(id, result.length);
      result.push(addition);
    }
  }
  return result;
}

function identity(element: unknown): string {
  if (isObject(element)) {
    const v = getAttribute(element, 'value');
    if (v !== undefined) return `value:${String(v).toLowerCase()}`;
  }
  return `json:${JSON.stringify(element)}`;
}

/** `type eq "work"` (possibly `and`-ed) becomes `{type: "work"}`; anything else gives no seed. */
function seedFromFilter(filter: Filter): Attributes | undefined {
  if (filter.type === 'compare' && filter.op === 'eq' && !filter.path.sub && !filter.path.schema) {
    // A computed key defines an own property; prototype names were refused when the path parsed.
    return { [filter.path.attr]: filter.value };
  }
  if (filter.type === 'and') {
    const left = seedFromFilter(filter.left);
    const right = seedFromFilter(filter.right);
    return left && right ? { ...left, ...right } : undefined;
  }
  return undefined;
}

function isExtensionUrn(name: string): boolean {
  return /^urn:/i.test(name);
}
