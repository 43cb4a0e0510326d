import { ALL_SCHEMAS, resourceTypes, schemaResource, serviceProviderConfig } from '../../../src/scim/discovery';
import { ScimError } from '../../../src/scim/errors';
import { MAX_PAGE_SIZE } from '../../../src/scim/list';
import { isResourceId } from '../../../src/scim/resource-id';
import { DISCOVERY_SCHEMA, SCHEMA } from '../../../src/scim/schemas';

/** Discovery (RFC 7643 §5–7, RFC 7644 §4): what the server says it supports must be what it does. */
describe('ServiceProviderConfig', () => {
  it('declares the features served, the bulk limits given, and the page cap as filter.maxResults', () => {
    expect(serviceProviderConfig('https://x/scim/v2', { maxOperations: 7, maxPayloadSize: 1234 })).toEqual({
      schemas: [DISCOVERY_SCHEMA.serviceProviderConfig],
      documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 7, maxPayloadSize: 1234 },
      filter: { supported: true, maxResults: MAX_PAGE_SIZE },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        { type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: expect.stringContaining('bearer token'), primary: true },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: 'https://x/scim/v2/ServiceProviderConfig' },
    });
  });
});

describe('ResourceTypes and Schemas', () => {
  it('lists User (with the enterprise extension, optional) and Group', () => {
    expect(resourceTypes('https://x')).toEqual([
      {
        schemas: [DISCOVERY_SCHEMA.resourceType],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        description: 'User Account',
        schema: SCHEMA.user,
        schemaExtensions: [{ schema: SCHEMA.enterpriseUser, required: false }],
        meta: { resourceType: 'ResourceType', location: 'https://x/ResourceTypes/User' },
      },
      {
        schemas: [DISCOVERY_SCHEMA.resourceType],
        id: 'Group',
        name: 'Group',
        endpoint: '/Groups',
        description: 'Group',
        schema: SCHEMA.group,
        meta: { resourceType: 'ResourceType', location: 'https://x/ResourceTypes/Group' },
      },
    ]);
  });

  it('serves each schema under its id', () => {
    expect(ALL_SCHEMAS.map((s) => s.id)).toEqual([SCHEMA.user, SCHEMA.enterpriseUser, SCHEMA.group]);
    for (const schema of ALL_SCHEMAS) {
      expect(schemaResource(schema, 'https://x')).toEqual({
        schemas: [DISCOVERY_SCHEMA.schema],
        id: schema.id,
        name: schema.name,
        description: schema.description,
        attributes: schema.attributes,
        meta: { resourceType: 'Schema', location: `https://x/Schemas/${schema.id}` },
      });
    }
  });
});

describe('resource ids and errors', () => {
  it('accepts UUIDs in any case and nothing else', () => {
    expect(isResourceId('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBe(true);
    expect(isResourceId('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe(true);
    for (const id of [
      '',
      'u1',
      '3f2504e0-4f89-41d3-9a0c-0305e82c330',
      ' 3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      '3f2504e0-4f89-41d3-9a0c-0305e82c3301x',
      '3f2504e04f8941d39a0c0305e82c3301',
    ]) {
      expect(isResourceId(id)).toBe(false);
    }
  });

  it('renders RFC 7644 §3.12 error bodies: status as a string, scimType only when there is one', () => {
    expect(ScimError.notFound('No user u1').toJSON()).toEqual({ schemas: [SCHEMA.error], status: '404', detail: 'No user u1' });
    expect(ScimError.conflict('userName taken').toJSON()).toEqual({
      schemas: [SCHEMA.error],
      status: '409',
      scimType: 'uniqueness',
      detail: 'userName taken',
    });
    expect(ScimError.badRequest('invalidFilter', 'bad').toJSON()).toEqual({
      schemas: [SCHEMA.error],
      status: '400',
      scimType: 'invalidFilter',
      detail: 'bad',
    });
    expect(new ScimError(500, 'x').name).toBe('ScimError');
  });
});
