import { randomUUID } from 'node:crypto';
import { useTestEnv } from '../support/test-env';
import { entraPatch, filterQuery, oktaCreateGroup, oktaCreateUser, PATCH_OP } from '../fixtures/idp-requests';

const env = useTestEnv();

describe('discovery (RFC 7644 §4)', () => {
  it('describes exactly what the server supports', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    const config = await idp.get('/ServiceProviderConfig').expect(200);
    expect(config.headers['content-type']).toMatch(/application\/scim\+json/);
    expect(config.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });

    const types = await idp.get('/ResourceTypes').expect(200);
    expect(types.body.Resources.map((t: { id: string }) => t.id)).toEqual(['User', 'Group']);
    expect(types.body.Resources[0].schemaExtensions).toEqual([
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
    ]);
    await idp.get('/ResourceTypes/Group').expect(200);

    const schemas = await idp.get('/Schemas').expect(200);
    expect(schemas.body.totalResults).toBe(3);
    const user = await idp.get('/Schemas/urn:ietf:params:scim:schemas:core:2.0:User').expect(200);
    const userName = user.body.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server' });
    const password = user.body.attributes.find((a: { name: string }) => a.name === 'password');
    expect(password).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    await idp.get('/Schemas/urn:nope').expect(404);
    await idp.get(`/Schemas${filterQuery('id eq "x"')}`).expect(403);
  });
});

describe('listing and searching', () => {
  it('sorts, projects attributes, and searches by POST', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    for (const [email, title] of [
      ['c.c@x.io', 'Chef'],
      ['a.a@x.io', 'Architect'],
      ['b.b@x.io', 'Baker'],
    ]) {
      await idp.post('/Users', oktaCreateUser(email!, { title })).expect(201);
    }
    await idp.post('/Groups', oktaCreateGroup('Bakers')).expect(201);

    const sorted = await idp.get('/Users?sortBy=userName&sortOrder=descending').expect(200);
    expect(sorted.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['c.c@x.io', 'b.b@x.io', 'a.a@x.io']);
    const byEmail = await idp.get('/Users?sortBy=emails&count=1').expect(200);
    expect(byEmail.body.Resources[0].userName).toBe('a.a@x.io');

    const projected = await idp.get('/Users?attributes=userName,name.givenName&sortBy=title').expect(200);
    expect(projected.body.Resources[0]).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: expect.any(String),
      userName: 'a.a@x.io',
      name: { givenName: 'a' },
    });
    const excluded = await idp.get('/Users?excludedAttributes=emails,meta,id').expect(200);
    expect(excluded.body.Resources[0]).not.toHaveProperty('emails');
    expect(excluded.body.Resources[0]).not.toHaveProperty('meta');
    expect(excluded.body.Resources[0]).toHaveProperty('id');

    const searched = await idp
      .post('/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'title sw "b" or title sw "c"',
        sortBy: 'title',
        attributes: ['title'],
        startIndex: 1,
        count: 10,
      })
      .expect(200);
    expect(searched.body.Resources.map((u: { title: string }) => u.title)).toEqual(['Baker', 'Chef']);

    const root = await idp
      .post('/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'displayName sw "b"' })
      .expect(200);
    expect(root.body.totalResults).toBe(2);
    expect(root.body.Resources.map((r: { meta: { resourceType: string } }) => r.meta.resourceType).sort()).toEqual(['Group', 'User']);

    await idp.get('/Users?sortBy=nosuch').expect(400);
    await idp.get('/Users?attributes=userName&excludedAttributes=emails').expect(400);
  });

  it('serves at most 200 resources a page (maxResults), whatever count asks, with the full totalResults', async () => {
    const { directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    // 205 users, more than one page: inserted in one statement, as reads go straight to
    // PostgreSQL and creating them through their workflows would only make this slow.
    await env()
      .db('scim_users')
      .insert(
        Array.from({ length: 205 }, (_, i) => {
          const userName = `page.${String(i).padStart(3, '0')}@x.io`;
          return {
            id: randomUUID(),
            directory_id: directoryId,
            user_name: userName,
            active: true,
            attributes: JSON.stringify({ userName, active: true }),
          };
        }),
      );
    const tooBig = await idp.get('/Users?count=5000').expect(200);
    expect(tooBig.body).toMatchObject({ totalResults: 205, itemsPerPage: 200, startIndex: 1 });
    expect(tooBig.body.Resources).toHaveLength(200);
    const rest = await idp.get('/Users?count=5000&startIndex=201').expect(200);
    expect(rest.body).toMatchObject({ totalResults: 205, itemsPerPage: 5, startIndex: 201 });
    // The two pages are the whole set, each user once (a stable order).
    const seen = new Set([...tooBig.body.Resources, ...rest.body.Resources].map((u: { userName: string }) => u.userName));
    expect(seen.size).toBe(205);
    const totals = await idp.get('/Users?count=0').expect(200);
    expect(totals.body).toMatchObject({ totalResults: 205, itemsPerPage: 0, Resources: [] });
  });

  it('filters with every operator, logic, value paths and meta dates', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    await idp
      .post(
        '/Users',
        oktaCreateUser('fil.one@acme.io', {
          title: 'Engineer',
          emails: [
            { value: 'fil.one@acme.io', type: 'work', primary: true },
            { value: 'fil@home.net', type: 'home' },
          ],
        }),
      )
      .expect(201);
    await idp.post('/Users', oktaCreateUser('fil.two@other.io', { title: 'Manager', active: false })).expect(201);
    const ids = async (filter: string) =>
      ((await idp.get(`/Users${filterQuery(filter)}`).expect(200)).body.Resources as Array<{ userName: string }>)
        .map((u) => u.userName)
        .sort();
    expect(await ids('userName co "FIL"')).toEqual(['fil.one@acme.io', 'fil.two@other.io']);
    expect(await ids('userName ew "acme.io"')).toEqual(['fil.one@acme.io']);
    expect(await ids('title ne "Engineer"')).toEqual(['fil.two@other.io']);
    expect(await ids('active eq false')).toEqual(['fil.two@other.io']);
    expect(await ids('not (active eq false) and title pr')).toEqual(['fil.one@acme.io']);
    expect(await ids('emails[type eq "home" and value co "@home"]')).toEqual(['fil.one@acme.io']);
    expect(await ids('urn:ietf:params:scim:schemas:core:2.0:User:title gt "F"')).toEqual(['fil.two@other.io']);
    // Strict subsets. Bounds are taken from fil.two's own meta (milliseconds; the column keeps
    // microseconds, so a bound from a resource is at or just below its stored instant).
    const twoId = (await idp.get(`/Users${filterQuery('userName eq "fil.two@other.io"')}`).expect(200)).body.Resources[0].id as string;
    const two = (await idp.patch(`/Users/${twoId}`, entraPatch([{ op: 'replace', path: 'title', value: 'Boss' }])).expect(200)).body.meta;
    expect(await ids(`meta.created ge "${two.created}"`)).toEqual(['fil.two@other.io']);
    expect(await ids(`meta.created lt "${two.created}"`)).toEqual(['fil.one@acme.io']);
    expect(await ids(`meta.created ge "2000-01-01T00:00:00Z" and meta.lastModified ge "${two.lastModified}"`)).toEqual([
      'fil.two@other.io',
    ]);
    expect(await ids('meta.created lt "2000-01-01T00:00:00Z"')).toEqual([]);
    const bad = await idp.get(`/Users${filterQuery('nosuch eq "x"')}`).expect(400);
    expect(bad.body).toMatchObject({ scimType: 'invalidFilter' });
  });
});

describe('versioning (RFC 7644 §3.14)', () => {
  it('serves weak ETags, honours If-Match and If-None-Match', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('etag.user@x.io')).expect(201);
    const id = created.body.id as string;
    const got = await idp.get(`/Users/${id}`).expect(200);
    expect(got.headers.etag).toBe('W/"1"');
    await idp.get(`/Users/${id}`).set('If-None-Match', 'W/"1"').expect(304);
    await idp
      .patch(`/Users/${id}`, entraPatch([{ op: 'replace', path: 'title', value: 'x' }]))
      .set('If-Match', 'W/"1"')
      .expect(200);
    const stale = await idp
      .put(`/Users/${id}`, { ...got.body, title: 'y' })
      .set('If-Match', 'W/"1"')
      .expect(412);
    expect(stale.body).toMatchObject({ status: '412' });
    await idp.delete(`/Users/${id}`).set('If-Match', 'W/"1"').expect(412);
    await idp.delete(`/Users/${id}`).set('If-Match', 'W/"2"').expect(204);
  });
});

describe('Bulk (RFC 7644 §3.7)', () => {
  it('resolves bulkId references, reports each operation, and stops after failOnErrors', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    const response = await idp
      .post('/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'u1', data: oktaCreateUser('bulk.one@x.io') },
          { method: 'POST', path: '/Groups', bulkId: 'g1', data: { displayName: 'Bulkers', members: [{ value: 'bulkId:u1' }] } },
          {
            method: 'PATCH',
            path: '/Users/bulkId:u1',
            data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Bulk' }] },
          },
          { method: 'POST', path: '/Users', bulkId: 'dup', data: oktaCreateUser('bulk.one@x.io') },
        ],
      })
      .expect(200);
    expect(response.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    const [user, group, patch, dup] = response.body.Operations;
    expect(user).toMatchObject({
      method: 'POST',
      bulkId: 'u1',
      status: '201',
      location: expect.stringContaining('/Users/'),
      version: 'W/"1"',
    });
    expect(group).toMatchObject({ bulkId: 'g1', status: '201' });
    expect(patch).toMatchObject({ method: 'PATCH', status: '200', version: 'W/"2"' });
    expect(dup).toMatchObject({ status: '409', response: { scimType: 'uniqueness' } });
    const groupResource = await idp.get(group.location.replace(/^.*\/scim\/v2/, '')).expect(200);
    expect(groupResource.body.members.map((m: { value: string }) => m.value)).toEqual([user.location.split('/').pop()]);

    const stopped = await idp
      .post('/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        failOnErrors: 1,
        Operations: [
          { method: 'DELETE', path: '/Users/00000000-0000-4000-8000-000000000000' },
          { method: 'POST', path: '/Users', bulkId: 'never', data: oktaCreateUser('never.made@x.io') },
        ],
      })
      .expect(200);
    expect(stopped.body.Operations).toEqual([expect.objectContaining({ status: '404' })]);
    expect((await idp.get(`/Users${filterQuery('userName eq "never.made@x.io"')}`).expect(200)).body.totalResults).toBe(0);

    const tooMany = await idp
      .post('/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: Array.from({ length: 1001 }, (_, i) => ({ method: 'DELETE', path: `/Users/x${i}` })),
      })
      .expect(413);
    expect(tooMany.body).toMatchObject({ status: '413' });
  });
});

describe('HTTP hygiene', () => {
  it('answers wrong methods, /Me, unknown paths and oversize bodies with SCIM errors', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    const wrong = await idp.delete('/Users').expect(405);
    expect(wrong.headers.allow).toBe('GET, POST');
    expect(wrong.headers['content-type']).toMatch(/application\/scim\+json/);
    expect(wrong.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '405' });
    const me = await idp.get('/Me').expect(501);
    expect(me.body).toMatchObject({ status: '501' });
    await idp.get('/Nothing').expect(404);
    const huge = await idp.post('/Users', oktaCreateUser('huge@x.io', { title: 'x'.repeat(1024 * 1024 + 10) })).expect(413);
    expect(huge.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
  });
});
