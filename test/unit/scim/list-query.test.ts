import { listQueryFromParams, listQueryFromSearchRequest } from '../../../src/scim/list-query';
import { SCHEMA } from '../../../src/scim/schemas';
import { scimErrorOf } from '../../support/scim-error-of';

/** List requests, RFC 7644 §3.4.2 (GET) and §3.4.3 (POST .search). */

describe('listQueryFromParams', () => {
  it('reads every parameter', () => {
    expect(
      listQueryFromParams({
        filter: 'userName eq "a"',
        sortBy: 'name.familyName',
        sortOrder: 'DESCENDING',
        startIndex: '2',
        count: '3',
        attributes: 'userName',
      }),
    ).toEqual({
      filter: { type: 'compare', path: { attr: 'userName' }, op: 'eq', value: 'a' },
      sort: { path: { attr: 'name', sub: 'familyName' }, descending: true },
      page: { startIndex: 2, count: 3 },
      projection: { attributes: [{ attr: 'userName' }] },
    });
  });

  it('defaults: no filter, no sort, first page, everything returned; sort ascending unless told', () => {
    expect(listQueryFromParams({ filter: '', sortBy: '' })).toEqual({ page: { startIndex: 1, count: 100 }, projection: {} });
    expect(listQueryFromParams({ sortBy: 'userName' }).sort).toEqual({ path: { attr: 'userName' }, descending: false });
    expect(listQueryFromParams({ sortBy: 'userName', sortOrder: 'ascending' }).sort?.descending).toBe(false);
  });

  it('refuses a repeated parameter', () => {
    expect(scimErrorOf(() => listQueryFromParams({ filter: ['a pr', 'b pr'] }))).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: "'filter' may be given once",
    });
  });

  it('refuses both attributes and excludedAttributes, a bad sortOrder and a bad sortBy', () => {
    expect(scimErrorOf(() => listQueryFromParams({ attributes: 'a', excludedAttributes: 'b' })).message).toBe(
      "Give either 'attributes' or 'excludedAttributes', not both",
    );
    expect(scimErrorOf(() => listQueryFromParams({ sortOrder: 'up' }))).toMatchObject({
      scimType: 'invalidValue',
      message: "sortOrder must be 'ascending' or 'descending'",
    });
    expect(scimErrorOf(() => listQueryFromParams({ sortOrder: 'xascending' })).scimType).toBe('invalidValue');
    expect(scimErrorOf(() => listQueryFromParams({ sortBy: 'user name' }))).toMatchObject({
      scimType: 'invalidValue',
      message: "Invalid sortBy 'user name'",
    });
  });

  it('refuses a bad filter as invalidFilter', () => {
    expect(scimErrorOf(() => listQueryFromParams({ filter: 'userName eq' })).scimType).toBe('invalidFilter');
  });
});

describe('listQueryFromSearchRequest', () => {
  it('reads a SearchRequest body, with or without schemas, and an empty body', () => {
    expect(
      listQueryFromSearchRequest({ schemas: [SCHEMA.searchRequest], filter: 'active eq true', count: 5, excludedAttributes: ['emails'] }),
    ).toEqual({
      filter: { type: 'compare', path: { attr: 'active' }, op: 'eq', value: true },
      page: { startIndex: 1, count: 5 },
      projection: { excludedAttributes: [{ attr: 'emails' }] },
    });
    expect(listQueryFromSearchRequest(undefined)).toEqual({ page: { startIndex: 1, count: 100 }, projection: {} });
  });

  it('refuses another schema, and fields of the wrong type, as invalidSyntax', () => {
    expect(scimErrorOf(() => listQueryFromSearchRequest({ schemas: ['urn:x'] }))).toMatchObject({
      status: 400,
      scimType: 'invalidSyntax',
      message: `A SearchRequest must carry the schema ${SCHEMA.searchRequest}`,
    });
    const error = scimErrorOf(() => listQueryFromSearchRequest({ count: 'ten' }));
    expect(error.scimType).toBe('invalidSyntax');
    expect(error.message).toMatch(/^Invalid SearchRequest: count \S/);
  });
});
