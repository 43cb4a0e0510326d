import { z } from 'zod';
import { boundedIdentifier } from './bounded-strings';
import { looksLikeEmail } from './email';
import { ScimError } from './errors';
import { isObject } from './filter/evaluate';
import { checkJsonValue, checkKey, ValueBudget } from './json-bounds';
import {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_EXTERNAL_ID_LENGTH,
  MAX_MULTI_VALUED_ITEMS,
  MAX_NAME_PART_LENGTH,
  MAX_RESOURCE_BYTES,
  MAX_RESOURCE_DEPTH,
  MAX_RESOURCE_VALUES,
  MAX_STRING_LENGTH,
  MAX_USER_NAME_LENGTH,
} from './limits';
import { scimBoolean } from './booleans';
import type { JsonObject } from './json';
import { SCHEMA } from './schemas';

/**
 * The SCIM User as this server stores and serves it. `UserAttributes` is every attribute the IdP
 * sent (core and enterprise extension), minus what the server owns (`id`, `meta`, `schemas`,
 * `groups`) and what it must never keep (`password`).
 */
export type UserAttributes = JsonObject & { userName: string; active: boolean };

const CORE_ATTRIBUTES = [
  'userName',
  'name',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
  'externalId',
] as const;

/** Attributes the client cannot write; a PATCH naming them gets `mutability`. */
export const USER_READ_ONLY = ['id', 'meta', 'groups'] as const;
const SERVER_OWNED = new Set(['id', 'meta', 'schemas', 'groups', 'password']);

const multiValued = z.array(z.looseObject({ value: z.unknown().optional(), primary: scimBoolean.optional() })).max(MAX_MULTI_VALUED_ITEMS);

const namePart = boundedIdentifier(MAX_NAME_PART_LENGTH).nullish();

/**
 * Bounds: limits.ts. Identifiers and names refuse every control character; other strings
 * (custom and extension attributes, addresses) are bounded by `RESOURCE_BOUNDS` below.
 */
const userAttributesSchema = z.looseObject({
  userName: z
    .string({ error: "'userName' is required" })
    .trim()
    .min(1, "'userName' must not be empty")
    .pipe(boundedIdentifier(MAX_USER_NAME_LENGTH)),
  externalId: boundedIdentifier(MAX_EXTERNAL_ID_LENGTH).nullish(),
  displayName: boundedIdentifier(MAX_DISPLAY_NAME_LENGTH).nullish(),
  active: scimBoolean.default(true),
  name: z
    .looseObject({
      formatted: namePart,
      familyName: namePart,
      givenName: namePart,
      middleName: namePart,
      honorificPrefix: namePart,
      honorificSuffix: namePart,
    })
    .nullish(),
  emails: z
    .array(
      z.looseObject({
        value: z.string().trim().min(1, 'email value must not be empty').pipe(boundedIdentifier(MAX_EMAIL_LENGTH)),
        type: boundedIdentifier(MAX_NAME_PART_LENGTH).nullish(),
        primary: scimBoolean.optional(),
      }),
    )
    .max(MAX_MULTI_VALUED_ITEMS)
    .nullish(),
  phoneNumbers: multiValued.nullish(),
  addresses: multiValued.nullish(),
  [SCHEMA.enterpriseUser]: z
    .looseObject({
      /**
       * RFC 7643 §4.3: `manager` is complex, the manager's id in `value`. Entra ID sets it with the
       * id as a plain string (`{"op": "Add", "path": "...:User:manager", "value": "<id>"}`): kept as
       * `{value: "<id>"}`, so it is served as the schema says and `manager.value` filters find it.
       * An empty string is no manager.
       */
      manager: z.union([z.string().transform((id) => (id.trim() === '' ? undefined : { value: id })), z.unknown()]).optional(),
    })
    .nullish(),
});

/** Every attribute value, walked once before zod sees it (json-bounds.ts). */
const RESOURCE_BOUNDS = { maxDepth: MAX_RESOURCE_DEPTH, maxArrayItems: MAX_MULTI_VALUED_ITEMS, maxStringLength: MAX_STRING_LENGTH };

/**
 * Validates a POST/PUT body or a PATCH result and returns the attributes to store. Unknown
 * attributes are kept (the IdP owns them), known ones get their canonical spelling. Everything
 * is bounded (limits.ts) and prototype keys are refused anywhere inside (issue 9), before any
 * other work: 400 `invalidValue`.
 */
export function normalizeUserAttributes(input: unknown): UserAttributes {
  if (!isObject(input)) throw ScimError.badRequest('invalidSyntax', 'The request body must be a JSON object');
  const canonical = new Map<string, unknown>();
  const budget = new ValueBudget(MAX_RESOURCE_VALUES, 'The user');
  for (const [key, value] of Object.entries(input)) {
    checkKey(key, 'the user');
    const name = canonicalName(key);
    if (SERVER_OWNED.has(name)) continue;
    // null means "no value" in SCIM; storing it would only echo nulls back.
    if (value === null) continue;
    checkJsonValue(value, RESOURCE_BOUNDS, budget, name, 1);
    canonical.set(name, value);
  }
  // Object.fromEntries defines own properties; no key here can name a prototype member anyway.
  const parsed = userAttributesSchema.safeParse(Object.fromEntries(canonical));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw ScimError.badRequest('invalidValue', `${issue.message}${where}`);
  }
  const attributes = stripNulls(parsed.data) as UserAttributes;
  if (JSON.stringify(attributes).length > MAX_RESOURCE_BYTES) {
    throw ScimError.badRequest('invalidValue', `The user's attributes exceed ${MAX_RESOURCE_BYTES} bytes`);
  }
  if (Array.isArray(attributes.emails) && attributes.emails.filter((e) => isObject(e) && e.primary === true).length > 1) {
    throw ScimError.badRequest('invalidValue', 'At most one email may be primary');
  }
  return attributes;
}

function canonicalName(key: string): string {
  const lower = key.toLowerCase();
  if (lower === SCHEMA.enterpriseUser.toLowerCase()) return SCHEMA.enterpriseUser;
  if (SERVER_OWNED.has(key)) return key;
  return CORE_ATTRIBUTES.find((name) => name.toLowerCase() === lower) ?? (lower === 'password' ? 'password' : key);
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, stripNulls(v)]),
    );
  }
  return value;
}

/**
 * docs/product-rules.md rule 2: `emails[primary=true]`, else the first `work` email, else the first email,
 * else `userName` when it is an email address. Lower-cased: members compare emails that way.
 */
export function primaryEmail(attributes: UserAttributes): string | undefined {
  const emails = (Array.isArray(attributes.emails) ? attributes.emails : []).filter(
    (e): e is { value: string; type?: string; primary?: boolean } => isObject(e) && typeof e.value === 'string',
  );
  const chosen = emails.find((e) => e.primary === true) ?? emails.find((e) => e.type?.toLowerCase() === 'work') ?? emails[0];
  if (chosen) return chosen.value.trim().toLowerCase();
  return looksLikeEmail(attributes.userName) ? attributes.userName.trim().toLowerCase() : undefined;
}

/** A display name for the member: displayName, else "given family", else formatted, else none. */
export function memberName(attributes: UserAttributes): string | undefined {
  if (typeof attributes.displayName === 'string' && attributes.displayName.trim()) return attributes.displayName.trim();
  const name = isObject(attributes.name) ? attributes.name : {};
  const parts = [name.givenName, name.familyName].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  if (parts.length > 0) return parts.join(' ');
  return typeof name.formatted === 'string' && name.formatted.trim() ? name.formatted.trim() : undefined;
}

export interface StoredUser {
  id: string;
  attributes: UserAttributes;
  version: number;
  created: string;
  lastModified: string;
}

export function weakEtag(version: number): string {
  return `W/"${version}"`;
}

/** The resource as served: RFC 7643 §4.1 plus `meta`; `groups` when loaded (it is read-only, derived). */
export function toScimUser(
  user: StoredUser,
  baseUrl: string,
  groups?: ReadonlyArray<{ id: string; displayName: string }>,
): Record<string, unknown> {
  const { externalId, ...rest } = user.attributes;
  const schemas: string[] = [SCHEMA.user];
  if (isObject(rest[SCHEMA.enterpriseUser])) schemas.push(SCHEMA.enterpriseUser);
  return {
    schemas,
    id: user.id,
    ...(externalId !== undefined ? { externalId } : {}),
    ...rest,
    ...(groups && groups.length > 0
      ? { groups: groups.map((g) => ({ value: g.id, $ref: `${baseUrl}/Groups/${g.id}`, display: g.displayName, type: 'direct' })) }
      : {}),
    meta: {
      resourceType: 'User',
      created: user.created,
      lastModified: user.lastModified,
      location: `${baseUrl}/Users/${user.id}`,
      version: weakEtag(user.version),
    },
  };
}

const PASSWORD_PATH = /^(urn:ietf:params:scim:schemas:core:2\.0:User:)?password$/i;

/**
 * Drops every password from PATCH operations before they travel anywhere (workflow history
 * included): accepted on write, never stored.
 */
export function withoutPasswords<T extends { path?: string; value?: unknown }>(operations: readonly T[]): T[] {
  const kept: T[] = [];
  for (const operation of operations) {
    if (operation.path !== undefined) {
      if (!PASSWORD_PATH.test(operation.path.trim())) kept.push(operation);
      continue;
    }
    if (isObject(operation.value)) {
      const value = Object.fromEntries(Object.entries(operation.value).filter(([key]) => !PASSWORD_PATH.test(key)));
      if (Object.keys(value).length > 0) kept.push({ ...operation, value });
      continue;
    }
    kept.push(operation);
  }
  return kept;
}
