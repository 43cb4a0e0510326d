import { parseBulkRequest, resolveBulkIds, resolvePath } from '../../../src/scim/bulk';
import { DISCOVERY_SCHEMA } from '../../../src/scim/schemas';
import { scimErrorOf } from '../../support/scim-error-of';

/** RFC 7644 §3.7 Bulk: request shape, limits, and `bulkId:` references. */
const request = (operations: unknown[], extra: Record<string, unknown> = {}) => ({
  schemas: [DISCOVERY_SCHEMA.bulkRequest],
  Operations: operations,
  ...extra,
});

describe('parseBulkRequest', () => {
  it('accepts a request, upper-casing methods', () => {
    const parsed = parseBulkRequest(
      request(
        [
          { method: 'post', bulkId: 'a', path: '/Users', data: {} },
          { method: 'Delete', path: '/Groups/g1' },
        ],
        { failOnErrors: 1 },
      ),
      10,
    );
    expect(parsed.Operations.map((o) => o.method)).toEqual(['POST', 'DELETE']);
    expect(parsed.failOnErrors).toBe(1);
  });

  it('refuses a body without the BulkRequest schema, naming the field', () => {
    const error = scimErrorOf(() => parseBulkRequest({ schemas: ['urn:x'], Operations: [] }, 10));
    expect(error).toMatchObject({
      status: 400,
      scimType: 'invalidSyntax',
      message: `Invalid BulkRequest: schemas must include ${DISCOVERY_SCHEMA.bulkRequest}`,
    });
  });

  it.each<[string, unknown]>([
    ['an unknown method', { method: 'GET', path: '/Users/u1' }],
    ['a path outside /Users and /Groups', { method: 'DELETE', path: '/Schemas/x' }],
    ['a nested path', { method: 'DELETE', path: '/Users/u1/x' }],
  ])('refuses %s as invalidSyntax', (_what, operation) => {
    expect(scimErrorOf(() => parseBulkRequest(request([operation]), 10))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
  });

  it('answers 413 above maxOperations and accepts exactly maxOperations', () => {
    const deletes = (n: number) => Array.from({ length: n }, (_, i) => ({ method: 'DELETE', path: `/Users/u${i}` }));
    expect(parseBulkRequest(request(deletes(3)), 3).Operations).toHaveLength(3);
    const error = scimErrorOf(() => parseBulkRequest(request(deletes(4)), 3));
    expect(error.status).toBe(413);
    expect(error.message).toBe('A bulk request may carry at most 3 operations (ServiceProviderConfig.bulk.maxOperations)');
  });

  it('needs a bulkId on every POST, a resource path on every other method, and unique bulkIds', () => {
    expect(scimErrorOf(() => parseBulkRequest(request([{ method: 'POST', path: '/Users' }]), 10))).toMatchObject({
      scimType: 'invalidValue',
      message: 'Every POST in a bulk request needs a bulkId',
    });
    expect(scimErrorOf(() => parseBulkRequest(request([{ method: 'PATCH', path: '/Users' }]), 10))).toMatchObject({
      scimType: 'invalidPath',
      message: "PATCH needs a resource path, got '/Users'",
    });
    expect(
      scimErrorOf(() =>
        parseBulkRequest(
          request([
            { method: 'POST', bulkId: 'a', path: '/Users' },
            { method: 'POST', bulkId: 'a', path: '/Groups' },
          ]),
          10,
        ),
      ),
    ).toMatchObject({
      scimType: 'invalidValue',
      message: 'bulkIds must be unique within a request',
    });
  });
});

describe('bulkId references', () => {
  const created = new Map([
    ['user1', 'id-1'],
    ['group1', 'id-g'],
  ]);

  it('replaces every `bulkId:x` inside a value, at any depth, and leaves other values alone', () => {
    expect(resolveBulkIds({ members: [{ value: 'bulkId:user1' }, { value: 'plain' }], n: 3, ok: true, none: null }, created)).toEqual({
      members: [{ value: 'id-1' }, { value: 'plain' }],
      n: 3,
      ok: true,
      none: null,
    });
    expect(resolveBulkIds('xbulkId:user1', created)).toBe('xbulkId:user1');
  });

  it('refuses a reference to a resource not created earlier in the request (409)', () => {
    const error = scimErrorOf(() => resolveBulkIds(['bulkId:nobody'], created));
    expect(error).toMatchObject({
      status: 409,
      scimType: 'invalidValue',
      message: "bulkId 'nobody' does not name a resource created earlier in this request",
    });
  });

  it('resolves a reference in an operation path', () => {
    expect(resolvePath('/Groups/bulkId%3Agroup1', created)).toBe('/Groups/id-g');
    expect(resolvePath('/Users/u7', created)).toBe('/Users/u7');
    expect(resolvePath('/Users', created)).toBe('/Users');
    expect(resolvePath('/Other/x', created)).toBe('/Other/x');
  });
});
