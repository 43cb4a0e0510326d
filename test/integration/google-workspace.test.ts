import { useTestEnv } from '../support/test-env';
import { memberRoles } from '../support/member-roles';
import { USER_SCHEMA } from '../fixtures/idp-requests';
import { googleLookup, googlePatch, googleUser, type GooglePerson } from '../fixtures/google-workspace';

/**
 * Google Workspace's automated user provisioning, replayed through HTTP: the attribute mapping
 * read from /Schemas, lookup, create, sync, profile and primary-email changes, suspension and
 * reactivation, deletion, and the user coming back into scope. Google pushes no groups, so every
 * member it provisions has the role of a member in no mapped group (`support`). Google does not
 * publish its update method: the sequence runs once with PUT and once with PATCH.
 */
const env = useTestEnv();

describe.each(['PUT', 'PATCH'] as const)('Google Workspace user lifecycle, updates by %s', (method) => {
  it('provisions, syncs, renames, suspends, reactivates, deletes and provisions again', async () => {
    const { accountId, token } = await env().connectedAccount('google');
    const idp = env().scim(token);
    const update = (id: string, person: GooglePerson) =>
      method === 'PUT' ? idp.put(`/Users/${id}`, googleUser(person)) : idp.patch(`/Users/${id}`, googlePatch(person));

    // The mapping screen lists the app's attributes from /Schemas: the ones Google maps are there.
    const schemas = await idp.get('/Schemas').expect(200);
    const userSchema = schemas.body.Resources.find((s: { id: string }) => s.id === USER_SCHEMA);
    const attributes = new Map<string, { subAttributes?: Array<{ name: string }> }>(
      userSchema.attributes.map((a: { name: string }) => [a.name, a]),
    );
    expect([...attributes.keys()]).toEqual(expect.arrayContaining(['userName', 'name', 'emails', 'active']));
    expect(attributes.get('name')!.subAttributes!.map((s) => s.name)).toEqual(expect.arrayContaining(['givenName', 'familyName']));

    const ada: GooglePerson = { primaryEmail: 'ada@acme.io', givenName: 'Ada', familyName: 'Lovelace' };
    expect((await idp.get(googleLookup(ada.primaryEmail)).expect(200)).body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await idp.post('/Users', googleUser(ada)).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      userName: 'ada@acme.io',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@acme.io', type: 'work', primary: true }],
      active: true,
    });
    expect(await env().members(accountId)).toEqual([
      { email: 'ada@acme.io', name: 'Ada Lovelace', role: 'support', active: true, managedByDirectory: true, scimUserId: id },
    ]);

    // The next sync finds her by the same lookup.
    const found = await idp.get(googleLookup(ada.primaryEmail)).expect(200);
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);

    // A profile change, then a new primary email: userName and the member's email follow.
    const married = { ...ada, familyName: 'King' };
    expect((await update(id, married).expect(200)).body).toMatchObject({ name: { familyName: 'King' }, active: true });
    const renamed = { ...married, primaryEmail: 'ada.king@acme.io' };
    expect((await update(id, renamed).expect(200)).body).toMatchObject({
      userName: 'ada.king@acme.io',
      emails: [{ value: 'ada.king@acme.io', type: 'work', primary: true }],
    });
    expect((await idp.get(googleLookup('ada@acme.io')).expect(200)).body.totalResults).toBe(0);
    expect((await idp.get(googleLookup('ada.king@acme.io')).expect(200)).body.totalResults).toBe(1);
    expect(await env().members(accountId)).toEqual([
      { email: 'ada.king@acme.io', name: 'Ada King', role: 'support', active: true, managedByDirectory: true, scimUserId: id },
    ]);

    // Suspended in Google ("suspend the account"): access is gone when the answer arrives; the user stays readable.
    expect((await update(id, { ...renamed, suspended: true }).expect(200)).body.active).toBe(false);
    expect(await memberRoles(env(), accountId)).toEqual({ 'ada.king@acme.io': 'support (inactive)' });
    expect((await idp.get(`/Users/${id}`).expect(200)).body.active).toBe(false);

    // Reactivated in Google.
    expect((await update(id, renamed).expect(200)).body.active).toBe(true);
    expect(await memberRoles(env(), accountId)).toEqual({ 'ada.king@acme.io': 'support' });

    // Deleted in Google with "suspend, then delete after N days": active false first, DELETE later.
    await update(id, { ...renamed, suspended: true }).expect(200);
    await idp.delete(`/Users/${id}`).expect(204);
    await idp.get(`/Users/${id}`).expect(404);
    expect((await idp.get(googleLookup('ada.king@acme.io')).expect(200)).body.totalResults).toBe(0);
    expect(await env().members(accountId)).toEqual([
      { email: 'ada.king@acme.io', name: 'Ada King', role: 'support', active: false, managedByDirectory: false, scimUserId: null },
    ]);

    // Back in scope (the app turned on for her again): a new SCIM user adopts the same member (rule 2).
    expect((await idp.get(googleLookup('ada.king@acme.io')).expect(200)).body.totalResults).toBe(0);
    const again = (await idp.post('/Users', googleUser(renamed)).expect(201)).body.id as string;
    expect(again).not.toBe(id);
    expect(await env().members(accountId)).toEqual([
      { email: 'ada.king@acme.io', name: 'Ada King', role: 'support', active: true, managedByDirectory: true, scimUserId: again },
    ]);
  });
});

describe('Google Workspace deprovisioning by DELETE alone', () => {
  it('revokes access on a DELETE that no suspension preceded (the "delete" action)', async () => {
    const { accountId, token } = await env().connectedAccount('google');
    const idp = env().scim(token);
    const grace = (
      await idp.post('/Users', googleUser({ primaryEmail: 'grace@acme.io', givenName: 'Grace', familyName: 'Hopper' })).expect(201)
    ).body.id as string;
    await idp.post('/Users', googleUser({ primaryEmail: 'alan@acme.io', givenName: 'Alan', familyName: 'Turing' })).expect(201);
    await idp.delete(`/Users/${grace}`).expect(204);
    expect(await memberRoles(env(), accountId)).toEqual({ 'grace@acme.io': 'support (inactive)', 'alan@acme.io': 'support' });
    expect((await idp.get('/Users').expect(200)).body.totalResults).toBe(1);
  });
});
