import { z } from 'zod';
import { ScimError } from './errors';
import { isObject } from './filter/evaluate';
import { SCHEMA } from './schemas';
import { weakEtag } from './user';

/**
 * The SCIM Group as stored: its attributes (displayName, externalId and anything else the IdP
 * sent) in one row, its members in `group_memberships`, never in the attributes, so that a group
 * of 10,000 members is never read or written as one document.
 */
export type GroupAttributes = Record<string, unknown> & { displayName: string };

const SERVER_OWNED = new Set(['id', 'meta', 'schemas', 'members']);
export const GROUP_READ_ONLY = ['id', 'meta'] as const;

const groupAttributesSchema = z.looseObject({
  displayName: z.string({ error: "'displayName' is required" }).trim().min(1, "'displayName' must not be empty").max(256),
  externalId: z.string().nullish(),
});

const memberSchema = z.looseObject({ value: z.string().trim().min(1, 'a member needs a value') });
const membersSchema = z.array(memberSchema).max(100_000);

export function normalizeGroupAttributes(input: unknown): GroupAttributes {
  if (!isObject(input)) throw ScimError.badRequest('invalidSyntax', 'The request body must be a JSON object');
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase();
    if (SERVER_OWNED.has(lower) || value === null) continue;
    attributes[lower === 'displayname' ? 'displayName' : lower === 'externalid' ? 'externalId' : key] = value;
  }
  const parsed = groupAttributesSchema.safeParse(attributes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw ScimError.badRequest('invalidValue', `${issue.message}${issue.path.length ? ` (${issue.path.join('.')})` : ''}`);
  }
  return parsed.data as GroupAttributes;
}

/** Member ids from a `members` value (array or single object); duplicates collapse. */
export function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
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
