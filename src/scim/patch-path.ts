import { ScimError } from './errors';
import type { Filter } from './filter/ast';
import { parseAttrPath, parseFilter } from './filter/parser';
import { MAX_PATCH_PATH_LENGTH } from './limits';
import { isPrototypeKey } from './own-keys';

/** A PATCH `path` (RFC 7644 §3.5.2): `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, URN-prefixed. */
export interface PatchPath {
  /** Extension schema URN when the path names an extension attribute; core URNs are dropped. */
  extension?: string;
  attr: string;
  filter?: Filter;
  sub?: string;
}

export function parsePatchPath(path: string): PatchPath {
  if (path.length > MAX_PATCH_PATH_LENGTH) {
    throw ScimError.badRequest('invalidPath', `A PATCH path is at most ${MAX_PATCH_PATH_LENGTH} characters`);
  }
  const text = path.trim();
  const open = text.indexOf('[');
  try {
    if (open < 0) {
      return fromAttrPath(text);
    }
    const close = text.lastIndexOf(']');
    if (close < open) throw ScimError.badRequest('invalidPath', `Unbalanced '[' in path '${path}'`);
    const head = fromAttrPath(text.slice(0, open));
    if (head.sub) throw ScimError.badRequest('invalidPath', `A value filter cannot follow a sub-attribute in '${path}'`);
    const filter = parseFilter(text.slice(open + 1, close));
    const tail = text.slice(close + 1);
    if (tail !== '' && !/^\.[A-Za-z_$][\w$-]*$/.test(tail)) {
      throw ScimError.badRequest('invalidPath', `Unexpected '${tail}' after the value filter in '${path}'`);
    }
    if (tail && isPrototypeKey(tail.slice(1))) {
      throw ScimError.badRequest('invalidPath', `'${path}' names no attribute: __proto__, constructor and prototype are refused`);
    }
    return { ...head, filter, ...(tail ? { sub: tail.slice(1) } : {}) };
  } catch (error) {
    if (error instanceof ScimError && error.scimType === 'invalidFilter') {
      throw ScimError.badRequest('invalidPath', `Invalid path '${path}': ${error.message}`);
    }
    throw error;
  }
}

function fromAttrPath(text: string): PatchPath {
  // An extension URN alone ("urn:...:enterprise:2.0:User") names the whole extension object.
  if (isSchemaUrn(text)) {
    if (text.split(/[:.]/).some(isPrototypeKey)) {
      throw ScimError.badRequest('invalidPath', `'${text}' names no schema: __proto__, constructor and prototype are refused`);
    }
    return { attr: text };
  }
  const parsed = parseAttrPath(text);
  const core = parsed.schema && /^urn:ietf:params:scim:schemas:core:2\.0:/i.test(parsed.schema);
  return {
    ...(parsed.schema && !core ? { extension: parsed.schema } : {}),
    attr: parsed.attr,
    ...(parsed.sub ? { sub: parsed.sub } : {}),
  };
}

/**
 * `urn:...:<major>.<minor>:<Name>`. Split instead of the unanchored `/:\d+\.\d+:[A-Za-z]+$/`,
 * which backtracks quadratically on long digit runs (issue 9, "linear-time everything").
 */
function isSchemaUrn(text: string): boolean {
  if (!/^urn:/i.test(text)) return false;
  const segments = text.split(':');
  const name = segments[segments.length - 1] ?? '';
  const version = segments[segments.length - 2] ?? '';
  return segments.length >= 3 && /^[A-Za-z]+$/.test(name) && /^\d+\.\d+$/.test(version);
}
