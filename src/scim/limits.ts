/**
 * Every bound the SCIM layer puts on request data, in one place (issue 9, "Bounded validation at
 * the edge"; docs/product-rules.md, Hostile identity providers: every request is bounded and refused with a SCIM 4xx beyond the bound).
 * The README's "Security" section lists them; ServiceProviderConfig and /Schemas declare the ones
 * RFC 7643 has a place for. Lengths count UTF-16 code units (JavaScript `length`), so a 256-unit
 * string is at most 768 bytes of UTF-8: every indexed column stays far below PostgreSQL's btree
 * row limit (~2700 bytes).
 */

/** `userName`: unique per directory and indexed. Okta and Entra allow 100 and 256 at most. */
export const MAX_USER_NAME_LENGTH = 256;
/** An email address: RFC 5321 §4.5.3.1.3 limits a path to 256 octets, 254 once the brackets go. */
export const MAX_EMAIL_LENGTH = 254;
/** `externalId` (indexed): IdPs send GUIDs or short ids. */
export const MAX_EXTERNAL_ID_LENGTH = 256;
/** `displayName` of a user or a group (indexed, and matched by role mappings). */
export const MAX_DISPLAY_NAME_LENGTH = 256;
/** Each part of `name` (givenName, familyName, formatted, ...) and `nickName`, `title`, ... */
export const MAX_NAME_PART_LENGTH = 256;
/** Any other string anywhere in a resource: custom and extension attributes, addresses, certificates. */
export const MAX_STRING_LENGTH = 4096;
/** A JSON key inside a resource or a PATCH value (attribute names, extension URNs). */
export const MAX_KEY_LENGTH = 256;

/** Elements of one multi-valued attribute of a user (emails, phoneNumbers, addresses, roles, ...). */
export const MAX_MULTI_VALUED_ITEMS = 100;
/** Group members named in one request (POST/PUT body or one PATCH value); larger groups are built by PATCH. */
export const MAX_MEMBERS_PER_REQUEST = 1000;
/** Nesting of objects and arrays inside one resource or PATCH value (the enterprise manager is 3 deep). */
export const MAX_RESOURCE_DEPTH = 8;
/** JSON values (objects, arrays, scalars) in one resource: bounds the attribute count. */
export const MAX_RESOURCE_VALUES = 5000;
/** A resource's stored attributes, serialised as JSON. */
export const MAX_RESOURCE_BYTES = 64 * 1024;

/** PATCH operations per request (RFC 7644 §3.5.2 sets none; Entra sends at most a few hundred). */
export const MAX_PATCH_OPERATIONS = 1000;
/** A PATCH `path` (attribute path plus an optional value filter). */
export const MAX_PATCH_PATH_LENGTH = 1024;
/** JSON values across all PATCH operation values of one request (1000 members are ~2000 values). */
export const MAX_PATCH_VALUES = 20_000;

/** A filter's text (RFC 7644 §3.4.2.2). */
export const MAX_FILTER_LENGTH = 4096;
/** Comparisons, presence tests and logical operators in one filter. */
export const MAX_FILTER_NODES = 200;
/** Nesting of parentheses, `not (...)` and value filters `attr[...]` in one filter. */
export const MAX_FILTER_NESTING = 32;
/** Attribute paths named by `attributes` or `excludedAttributes`. */
export const MAX_PROJECTION_PATHS = 100;
/** One attribute path in `attributes`, `excludedAttributes` or `sortBy`. */
export const MAX_ATTRIBUTE_PATH_LENGTH = 512;
