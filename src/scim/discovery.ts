import { MAX_PAGE_SIZE } from './list';
import { ENTERPRISE_USER_SCHEMA } from './schema/enterprise-user-schema';
import { GROUP_SCHEMA } from './schema/group-schema';
import type { SchemaDef } from './schema/types';
import { USER_SCHEMA } from './schema/user-schema';
import { DISCOVERY_SCHEMA, SCHEMA } from './schemas';

/**
 * RFC 7643 §5–7 / RFC 7644 §4: what this server supports, stated truthfully. Every feature
 * declared here is served; the ones declared unsupported are rejected (changePassword: the
 * password is accepted and dropped, never changed). Limits (issue 9): `filter.maxResults` and
 * `bulk` are the places RFC 7643 §5 has; string lengths and member counts are stated in the
 * /Schemas attribute descriptions; the README lists them all (src/scim/limits.ts).
 */

export interface BulkLimits {
  maxOperations: number;
  maxPayloadSize: number;
}

export const ALL_SCHEMAS: readonly SchemaDef[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

export function serviceProviderConfig(baseUrl: string, bulk: BulkLimits): Record<string, unknown> {
  return {
    schemas: [DISCOVERY_SCHEMA.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: bulk.maxOperations, maxPayloadSize: bulk.maxPayloadSize },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: "Authentication with the directory's bearer token, issued by support when the directory is connected.",
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  return [
    {
      schemas: [DISCOVERY_SCHEMA.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: SCHEMA.user,
      schemaExtensions: [{ schema: SCHEMA.enterpriseUser, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [DISCOVERY_SCHEMA.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: SCHEMA.group,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

export function schemaResource(schema: SchemaDef, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [DISCOVERY_SCHEMA.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}
