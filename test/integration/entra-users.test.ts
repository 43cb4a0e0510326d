import { randomUUID } from 'node:crypto';
import { useTestEnv } from '../support/test-env';
import { entraCreateUser, entraPatch, filterQuery } from '../fixtures/idp-requests';

const env = useTestEnv();

describe('Microsoft Entra ID user provisioning sequence', () => {
  it('passes the test connection, creates, and deactivates with a capitalised op and a string boolean', async () => {
    const { accountId, token } = await env().connectedAccount('entra');
    const idp = env().scim(token);

    const probe = await idp.get(`/Users${filterQuery(`userName eq "${randomUUID()}"`)}`).expect(200);
    expect(probe.body).toMatchObject({ totalResults: 0, Resources: [] });

    const body = entraCreateUser('kim.lee@contoso.com');
    const created = await idp.post('/Users', body).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Engineering' },
    });

    const byExternalId = await idp.get(`/Users${filterQuery(`externalId eq "${body.externalId}"`)}`).expect(200);
    expect(byExternalId.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);

    const patched = await idp.patch(`/Users/${id}`, { ...entraPatch([{ op: 'Replace', path: 'active', value: 'False' }]), id }).expect(200);
    expect(patched.body.active).toBe(false);
    expect(await env().members(accountId)).toEqual([
      expect.objectContaining({ email: 'kim.lee@contoso.com', active: false, managedByDirectory: true, scimUserId: id }),
    ]);

    // Soft delete: still readable while inactive, then DELETE removes the resource but keeps the member.
    await idp.get(`/Users/${id}`).expect(200);
    await idp.delete(`/Users/${id}`).expect(204);
    await idp.get(`/Users/${id}`).expect(404);
    expect(await env().members(accountId)).toEqual([
      expect.objectContaining({ email: 'kim.lee@contoso.com', active: false, managedByDirectory: false, scimUserId: null }),
    ]);
  });

  it('applies Entra attribute paths, including filtered paths to entries that do not exist yet', async () => {
    const { accountId, token } = await env().connectedAccount('entra');
    const idp = env().scim(token);
    const created = await idp.post('/Users', entraCreateUser('ana.ruiz@contoso.com')).expect(201);
    const id = created.body.id as string;

    const patched = await idp
      .patch(
        `/Users/${id}`,
        entraPatch([
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
          { op: 'Replace', path: 'addresses[type eq "work"].locality', value: 'Lisbon' },
          { op: 'Replace', path: 'name.givenName', value: 'Ana' },
          { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: { value: 'boss-1' } },
          {
            op: 'Replace',
            value: { 'name.familyName': 'Ruiz', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': '42' },
          },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ana.ruiz@fabrikam.com' },
        ]),
      )
      .expect(200);
    expect(patched.body).toMatchObject({
      name: { givenName: 'Ana', familyName: 'Ruiz' },
      phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
      addresses: [{ type: 'work', locality: 'Lisbon' }],
      emails: [{ type: 'work', value: 'ana.ruiz@fabrikam.com', primary: true }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        department: 'Engineering',
        manager: { value: 'boss-1' },
        employeeNumber: '42',
      },
    });
    // The member follows the primary email change.
    expect((await env().members(accountId)).map((m) => m.email)).toEqual(['ana.ruiz@fabrikam.com']);
  });
});
