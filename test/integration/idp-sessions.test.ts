import type { Response } from 'supertest';
import { useTestEnv } from '../support/test-env';
import {
  entraCreateGroup,
  entraCreateUser,
  entraPatch,
  filterQuery,
  oktaCreateGroup,
  oktaCreateUser,
  oktaDeactivate,
  oktaGroupMembershipPatch,
} from '../fixtures/idp-requests';

const env = useTestEnv();
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Every SCIM answer: the status, and a SCIM content type whenever there is a body. */
function expectScim(response: Response, status: number): Response {
  expect({ status: response.status, body: response.status === status ? 'ok' : response.body }).toEqual({ status, body: 'ok' });
  if (response.text) expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
  if (status >= 400) expect(response.body).toMatchObject({ schemas: [ERROR], status: String(status) });
  return response;
}

describe('a complete Okta provisioning session', () => {
  it('imports, creates, pushes groups, updates profiles and deactivates', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);

    expectScim(await idp.get('/Users?startIndex=1&count=100'), 200);
    const people = ['ada.l@acme.io', 'alan.t@acme.io', 'grace.h@acme.io'];
    const ids: string[] = [];
    for (const email of people) {
      const lookup = expectScim(await idp.get(`/Users${filterQuery(`userName eq "${email}"`, '&startIndex=1&count=100')}`), 200);
      expect(lookup.body.totalResults).toBe(0);
      const created = expectScim(await idp.post('/Users', oktaCreateUser(email)), 201);
      expect(created.headers.location).toBe(created.body.meta.location);
      expect(created.headers.etag).toBe(created.body.meta.version);
      expect(created.body).not.toHaveProperty('password');
      ids.push(created.body.id);
    }

    const group = expectScim(await idp.post('/Groups', oktaCreateGroup('Engineering')), 201);
    const groupId = group.body.id as string;
    expectScim(
      await idp.patch(
        `/Groups/${groupId}`,
        oktaGroupMembershipPatch(
          groupId,
          'Engineering',
          ids.map((id, i) => ({ id, email: people[i]! })),
          [],
        ),
      ),
      204,
    );
    expectScim(await idp.patch(`/Groups/${groupId}`, oktaGroupMembershipPatch(groupId, 'Engineering', [], [ids[2]!])), 204);
    const pushed = expectScim(await idp.get(`/Groups/${groupId}`), 200);
    expect(pushed.body.members.map((m: { value: string }) => m.value).sort()).toEqual([ids[0], ids[1]].sort());

    const profile = expectScim(await idp.get(`/Users/${ids[0]}`), 200);
    const updated = expectScim(await idp.put(`/Users/${ids[0]}`, { ...profile.body, title: 'Countess', password: 'ignored-secret' }), 200);
    expect(updated.body).toMatchObject({ title: 'Countess', meta: { version: 'W/"2"' } });
    expect(JSON.stringify(updated.body)).not.toContain('ignored-secret');

    const page = expectScim(await idp.get('/Users?startIndex=2&count=1'), 200);
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });

    expectScim(await idp.patch(`/Users/${ids[1]}`, oktaDeactivate), 200);
    expectScim(await idp.delete(`/Groups/${groupId}`), 204);
    expectScim(await idp.get(`/Groups/${groupId}`), 404);

    const members = await env().members(accountId);
    expect(members.map((m) => [m.email, m.active])).toEqual([
      ['ada.l@acme.io', true],
      ['alan.t@acme.io', false],
      ['grace.h@acme.io', true],
    ]);
  });
});

describe('a complete Entra ID provisioning session', () => {
  it('tests the connection, creates users and groups, updates with filtered paths, soft-deletes and deletes', async () => {
    const { token } = await env().connectedAccount('entra');
    const idp = env().scim(token);

    expectScim(await idp.get(`/Users${filterQuery('userName eq "7f1c3b0e-0000-4000-8000-000000000000"')}`), 200);
    const kim = expectScim(await idp.post('/Users', entraCreateUser('kim.w@contoso.com')), 201);
    const lee = expectScim(await idp.post('/Users', entraCreateUser('lee.c@contoso.com')), 201);
    const byExternal = expectScim(await idp.get(`/Users${filterQuery(`externalId eq "${kim.body.externalId}" and active eq true`)}`), 200);
    expect(byExternal.body.totalResults).toBe(1);

    expectScim(await idp.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Finance"')}`), 200);
    const finance = expectScim(await idp.post('/Groups', entraCreateGroup('Finance')), 201);
    const financeId = finance.body.id as string;
    expectScim(
      await idp.patch(`/Groups/${financeId}`, {
        ...entraPatch([
          {
            op: 'Add',
            path: 'members',
            value: [
              { $ref: null, value: kim.body.id },
              { $ref: null, value: lee.body.id },
            ],
          },
        ]),
        id: financeId,
      }),
      204,
    );
    expectScim(
      await idp.patch(`/Groups/${financeId}`, entraPatch([{ op: 'Remove', path: 'members', value: [{ value: lee.body.id }] }])),
      204,
    );
    expectScim(await idp.patch(`/Groups/${financeId}`, entraPatch([{ op: 'Replace', path: 'displayName', value: 'Finance EMEA' }])), 204);

    const patched = expectScim(
      await idp.patch(
        `/Users/${kim.body.id}`,
        entraPatch([
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'kim.w@contoso.com' },
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 7700 900123' },
          {
            op: 'Replace',
            path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
            value: lee.body.id,
            name: 'manager',
          },
          { op: 'Replace', path: 'active', value: 'False' },
        ]),
      ),
      200,
    );
    expect(patched.body).toMatchObject({ active: false, phoneNumbers: [{ type: 'mobile', value: '+44 7700 900123' }] });
    // Still readable while inactive; DELETE later.
    const inactive = expectScim(await idp.get(`/Users/${kim.body.id}`), 200);
    expect(inactive.body.groups).toEqual([expect.objectContaining({ value: financeId, display: 'Finance EMEA' })]);
    expectScim(await idp.delete(`/Users/${kim.body.id}`), 204);
    expectScim(await idp.get(`/Users/${kim.body.id}`), 404);
    const group = expectScim(await idp.get(`/Groups/${financeId}`), 200);
    expect(group.body.members).toEqual([]);
  });
});

describe('attribute round trip', () => {
  it('returns every attribute the IdP sent, minus the password', async () => {
    const { token } = await env().connectedAccount('onelogin');
    const idp = env().scim(token);
    const full = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      userName: 'bjensen@example.com',
      externalId: 'bjensen',
      name: {
        formatted: 'Ms. Barbara J Jensen III',
        familyName: 'Jensen',
        givenName: 'Barbara',
        middleName: 'Jane',
        honorificPrefix: 'Ms.',
        honorificSuffix: 'III',
      },
      displayName: 'Babs Jensen',
      nickName: 'Babs',
      profileUrl: 'https://login.example.com/bjensen',
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
      addresses: [
        {
          type: 'work',
          streetAddress: '100 Universal City Plaza',
          locality: 'Hollywood',
          region: 'CA',
          postalCode: '91608',
          country: 'USA',
          formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
          primary: true,
        },
      ],
      phoneNumbers: [
        { value: '555-555-5555', type: 'work' },
        { value: '555-555-4444', type: 'mobile' },
      ],
      ims: [{ value: 'someaimhandle', type: 'aim' }],
      photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
      userType: 'Employee',
      title: 'Tour Guide',
      preferredLanguage: 'en-US',
      locale: 'en-US',
      timezone: 'America/Los_Angeles',
      active: true,
      password: 't1meMa$heen',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        employeeNumber: '701984',
        costCenter: '4130',
        organization: 'Universal Studios',
        division: 'Theme Park',
        department: 'Tour Operations',
        manager: {
          value: '26118915-6090-4610-87e4-49d8ca9f808d',
          $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
          displayName: 'John Smith',
        },
      },
    };
    const created = expectScim(await idp.post('/Users', full), 201);
    const fetched = expectScim(await idp.get(`/Users/${created.body.id}`), 200);
    const { password: _password, ...expected } = full;
    expect(fetched.body).toEqual({ ...expected, id: created.body.id, meta: expect.objectContaining({ resourceType: 'User' }) });
  });
});
