import { useTestEnv } from '../support/test-env';
import { filterQuery, oktaCreateUser, oktaDeactivate } from '../fixtures/idp-requests';

const env = useTestEnv();

describe('Okta user provisioning sequence', () => {
  it('looks up, creates, rejects the duplicate, finds case-insensitively, replaces and deactivates', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const email = 'jane.doe@acme.io';

    const lookup = await idp.get(`/Users${filterQuery(`userName eq "${email}"`, '&startIndex=1&count=100')}`).expect(200);
    expect(lookup.headers['content-type']).toMatch(/application\/scim\+json/);
    expect(lookup.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    const body = oktaCreateUser(email);
    const created = await idp.post('/Users', body).expect(201);
    const id = created.body.id as string;
    expect(created.headers.location).toMatch(new RegExp(`/scim/v2/Users/${id}$`));
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: email,
      externalId: body.externalId,
      active: true,
      name: { givenName: 'jane', familyName: 'doe' },
      emails: [{ primary: true, value: email, type: 'work' }],
      meta: { resourceType: 'User', version: 'W/"1"', location: created.headers.location },
    });
    expect(JSON.stringify(created.body)).not.toContain('Tr0ub4dor');
    const stored = await env().db('scim_users').where({ id }).first();
    expect(JSON.stringify(stored)).not.toContain('Tr0ub4dor');

    const duplicate = await idp.post('/Users', oktaCreateUser(email)).expect(409);
    expect(duplicate.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
    });

    const found = await idp.get(`/Users${filterQuery(`userName eq "${email.toUpperCase()}"`)}`).expect(200);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);

    const fetched = await idp.get(`/Users/${id}`).expect(200);
    const replaced = await idp
      .put(`/Users/${id}`, { ...fetched.body, name: { givenName: 'Janet', familyName: 'Doe' }, displayName: 'Janet Doe' })
      .expect(200);
    expect(replaced.body).toMatchObject({ id, displayName: 'Janet Doe', name: { givenName: 'Janet' }, meta: { version: 'W/"2"' } });
    expect(await env().members(accountId)).toEqual([
      { email, name: 'Janet Doe', role: 'support', active: true, managedByDirectory: true, scimUserId: id },
    ]);

    const deactivated = await idp.patch(`/Users/${id}`, oktaDeactivate).expect(200);
    expect(deactivated.body.active).toBe(false);
    // Access is revoked by the time the response arrives: no polling.
    const [member] = await env().members(accountId);
    expect(member).toMatchObject({ email, active: false, managedByDirectory: true });

    const audit = await env().db('audit_log').where({ subject_id: id }).orderBy('id').pluck('action');
    expect(audit).toEqual(['create', 'replace', 'patch']);
  });
});

describe('Okta import paging and lookups', () => {
  it('pages with startIndex/count in a stable order and filters on emails.value', async () => {
    const { token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await idp.post('/Users', oktaCreateUser(`page.${i}@example.com`)).expect(201)).body.id);
    }
    const seen: string[] = [];
    for (const startIndex of [1, 3, 5]) {
      const page = await idp.get(`/Users?startIndex=${startIndex}&count=2`).expect(200);
      expect(page.body).toMatchObject({ totalResults: 5, startIndex });
      seen.push(...page.body.Resources.map((u: { id: string }) => u.id));
    }
    expect(seen).toEqual(ids);

    const totals = await idp.get('/Users?count=0').expect(200);
    expect(totals.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });

    const byEmail = await idp.get(`/Users${filterQuery('emails.value eq "PAGE.3@example.com"')}`).expect(200);
    expect(byEmail.body.Resources.map((u: { id: string }) => u.id)).toEqual([ids[3]]);
    await idp.get('/Users?count=ten').expect(400);
  });

  it("never shows or touches another directory's users", async () => {
    const a = await env().connectedAccount('okta');
    const b = await env().connectedAccount('okta');
    const inB = (await env().scim(b.token).post('/Users', oktaCreateUser('only.in.b@example.com')).expect(201)).body.id;
    await env().scim(a.token).get(`/Users/${inB}`).expect(404);
    await env().scim(a.token).patch(`/Users/${inB}`, oktaDeactivate).expect(404);
    expect((await env().scim(a.token).get('/Users').expect(200)).body.totalResults).toBe(0);
    expect((await env().scim(b.token).get(`/Users/${inB}`).expect(200)).body.active).toBe(true);
  });
});
