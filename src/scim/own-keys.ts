/**
 * Reading plain JSON objects by names that come from requests (issue 9, "No prototype keys
 * anywhere"). `name in object` and `object[name]` also see inherited members: `constructor`,
 * `toString`, `__proto__` of `Object.prototype`. These helpers look at own properties only.
 */

/** Path segments and JSON keys that address an object's prototype chain, refused at parse time. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a name is `__proto__`, `constructor` or `prototype`, in any case (names compare case-insensitively, RFC 7643 §2.1). */
export function isPrototypeKey(name: string): boolean {
  // The length test keeps a megabyte-long name from being lower-cased for nothing.
  return name.length <= 11 && PROTOTYPE_KEYS.has(name.toLowerCase());
}

/** The own property `key` of `object`, or undefined: never an inherited member. */
export function ownValue(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The own key spelled `name` in any case (exact spelling first), or undefined. O(keys). */
export function ownKeyIgnoringCase(object: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return key;
  return undefined;
}

/** The value under `name` in any case (RFC 7643 §2.1: attribute names are case-insensitive). */
export function getOwnIgnoringCase(object: Readonly<Record<string, unknown>>, name: string): unknown {
  const key = ownKeyIgnoringCase(object, name);
  return key === undefined ? undefined : object[key];
}

/**
 * Case-insensitive key lookup built once per object, for loops that look many names up in the
 * same object (merges): O(keys + lookups) instead of O(keys × lookups).
 */
export class KeyIndex {
  private readonly byLower = new Map<string, string>();

  constructor(object: Readonly<Record<string, unknown>>) {
    for (const key of Object.keys(object)) {
      const lower = key.toLowerCase();
      // The first spelling wins, as `Object.keys(...).find(...)` did.
      if (!this.byLower.has(lower)) this.byLower.set(lower, key);
    }
  }

  /** The key already present for `name` (exact spelling first), else `name` itself; records it. */
  keyFor(object: Readonly<Record<string, unknown>>, name: string): string {
    if (Object.hasOwn(object, name)) return name;
    const lower = name.toLowerCase();
    const existing = this.byLower.get(lower);
    if (existing !== undefined) return existing;
    this.byLower.set(lower, name);
    return name;
  }
}

/** A copy of `record` without a prototype, for tables read by request data: no inherited member can match. */
export function nullPrototype<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const copy = Object.create(null) as Record<string, T>;
  for (const [key, value] of Object.entries(record)) copy[key] = value;
  return copy;
}
