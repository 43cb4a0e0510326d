import { z } from 'zod';
import type { JsonObject } from './json';
import { boundedIdentifier } from './bounded-strings';
import { ScimError } from './errors';
import { isObject } from './filter/evaluate';
import { checkJsonValue, checkKey, ValueBudget } from './json-bounds';
import {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_EXTERNAL_ID_LENGTH,
  MAX_MEMBERS_PER_REQUEST,
  MAX_MULTI_VALUED_ITEMS,
  MAX_RESOURCE_BYTES,
  MAX_RESOURCE_DEPTH,
  MAX_RESOURCE_VALUES,
  MAX_STRING_LENGTH,
} from './limits';
import { SCHEMA } from './schemas';
import { weakEtag } from './user';

/**
 * The SCIM Group as stored: its attributes (displayName, externalId and anything else the IdP
 * sent) in one row, its members in `group_memberships`, never in the attributes, so that a group
 * of 10,000 members is never read or written as one document.
 */
export type GroupAttributes = JsonObject & { displayName: string };

const SERVER_OWNED = new Set(['id', 'meta', 'schemas', 'members']);
export const GROUP_READ_ONLY = ['id', 'meta'] as const;

/** Bounds: limits.ts (issue 9). The display name is matched by role mappings: no control characters. */
const groupAttributesSchema = z.looseObject({
  displayName: z
    .string({ error: "'displayName' is required" })
    .trim()
    .min(1, "'displayName' must not be empty")
    .pipe(boundedIdentifier(MAX_DISPLAY_NAME_LENGTH)),
  externalId: boundedIdentifier(MAX_EXTERNAL_ID_LENGTH).nullish(),
});

const ATTRIBUTE_BOUNDS = { maxDepth: MAX_RESOURCE_DEPTH, maxArrayItems: MAX_MULTI_VALUED_ITEMS, maxStringLength: MAX_STRING_LENGTH };
const MEMBER_BOUNDS = { maxDepth: MAX_RESOURCE_DEPTH, maxArrayItems: MAX_MEMBERS_PER_REQUEST, maxStringLength: MAX_STRING_LENGTH };

// Member ids are resource ids (checked against the directory's users later); 256 bounds the work.
const memberSchema = z.looseObject({ value: z.string().trim().min(1, 'a member needs a value').pipe(boundedIdentifier(256)) });
const membersSchema = z.array(memberSchema).max(MAX_MEMBERS_PER_REQUEST, `At most ${MAX_MEMBERS_PER_REQUEST} members per request`);

/**
 * Validates a POST/PUT body or a PATCH result: bounded (limits.ts), prototype keys refused
 * anywhere inside (issue 9), 400 `invalidValue`. `members` is not an attribute (see `memberIds`).
 */
export function normalizeGroupAttributes(input: unknown): GroupAttributes {
  if (!isObject(input)) throw ScimError.badRequest('invalidSyntax', 'The request body must be a JSON object');
  const attributes = new Map<string, unknown>();
  const budget = new ValueBudget(MAX_RESOURCE_VALUES, 'The group');
  for (const [key, value] of Object.entries(input)) {
    checkKey(key, 'the group');
    const lower = key.toLowerCase();
    if (SERVER_OWNED.has(lower) || value === null) continue;
    const name = lower === 'displayname' ? 'displayName' : lower === 'externalid' ? 'externalId' : key;
    checkJsonValue(value, ATTRIBUTE_BOUNDS, budget, name, 1);
    attributes.set(name, value);
  }
  const parsed = groupAttributesSchema.safeParse(Object.fromEntries(attributes));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw ScimError.badRequest('invalidValue', `${issue.message}${issue.path.length ? ` (${issue.path.join('.')})` : ''}`);
  }
  if (JSON.stringify(parsed.data).length > MAX_RESOURCE_BYTES) {
    throw ScimError.badRequest('invalidValue', `The group's attributes exceed ${MAX_RESOURCE_BYTES} bytes`);
  }
  return parsed.data as GroupAttributes;
}

/** Member ids from a `members` value (array or single object); duplicates collapse. At most MAX_MEMBERS_PER_REQUEST. */
export function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  checkJsonValue(list, MEMBER_BOUNDS, new ValueBudget(MAX_MEMBERS_PER_REQUEST * 8, 'members'), 'members');
  const parsed = membersSchema.safeParse(list);
  if (!parsed.success) throw ScimError.badRequest('invalidValue', `Invalid members: ${parsed.error.issues[0]?.message}`);
  return [...new Set(parsed.data.map((m) => m.value))];
}

/** The members in a POST/PUT body, or undefined when the body does not mention them. */
export function membersOf(input: unknown): string[] | undefined {
  if (!isObject(input)) return undefined;
  const key = Object.keys(input).find((k) => k.toLowerCase() === 'members');
  return key === undefined ? undefined : memberIds(input[key]);
}

export interface StoredGroup {
  id: string;
  attributes: GroupAttributes;
  version: number;
  created: string;
  lastModified: string;
}

export interface GroupMember {
  id: string;
  display: string | null;
}

/** `members` undefined means "not loaded" (excluded), and the attribute is left out. */
export function toScimGroup(group: StoredGroup, members: GroupMember[] | undefined, baseUrl: string): Record<string, unknown> {
  const { externalId, displayName, ...rest } = group.attributes;
  return {
    schemas: [SCHEMA.group],
    id: group.id,
    ...(externalId !== undefined ? { externalId } : {}),
    displayName,
    ...rest,
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.id,
            $ref: `${baseUrl}/Users/${m.id}`,
            type: 'User',
            ...(m.display ? { display: m.display } : {}),
          })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: group.created,
      lastModified: group.lastModified,
      location: `${baseUrl}/Groups/${group.id}`,
      version: weakEtag(group.version),
    },
  };
}
