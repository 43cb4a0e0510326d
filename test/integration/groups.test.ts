import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';
import {
  entraCreateGroup,
  entraCreateUser,
  entraPatch,
  filterQuery,
  oktaCreateGroup,
  oktaCreateUser,
  oktaGroupMembershipPatch,
  PATCH_OP,
} from '../fixtures/idp-requests';

const env = useTestEnv();

async function createUsers(token: string, emails: string[]) {
  const idp = env().scim(token);
  const users: Array<{ id: string; email: string }> = [];
  for (const email of emails) users.push({ id: (await idp.post('/Users', oktaCreateUser(email)).expect(201)).body.id, email });
  return users;
}

const memberIds = (group: { members?: Array<{ value: string }> }) => (group.members ?? []).map((m) => m.value).sort();

describe('Okta group push', () => {
  it('creates, renames with membership changes mixed in, replaces members, and deletes', async () => {
    const { token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const [ann, bob, cy] = await createUsers(token, ['ann.a@acme.io', 'bob.b@acme.io', 'cy.c@acme.io']);

    const created = await idp.post('/Groups', oktaCreateGroup('Eng')).expect(201);
    const id = created.body.id as string;
    expect(created.headers.location).toMatch(new RegExp(`/scim/v2/Groups/${id}$`));
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Eng',
      members: [],
      meta: { resourceType: 'Group' },
    });

    await idp.post('/Groups', oktaCreateGroup('ENG')).expect(409);

    await idp.patch(`/Groups/${id}`, oktaGroupMembershipPatch(id, 'Eng', [ann!, bob!], [])).expect(204);
    const renamed = await idp.patch(`/Groups/${id}`, oktaGroupMembershipPatch(id, 'Eng Team', [cy!], [ann!.id])).expect(204);
    expect(renamed.headers.etag).toBe('W/"3"');
    const afterPatch = await idp.get(`/Groups/${id}`).expect(200);
    expect(afterPatch.body.displayName).toBe('Eng Team');
    expect(memberIds(afterPatch.body)).toEqual([bob!.id, cy!.id].sort());
    expect(afterPatch.body.members.find((m: { value: string }) => m.value === bob!.id)).toMatchObject({
      type: 'User',
      $ref: expect.stringContaining(`/Users/${bob!.id}`),
    });

    // The user resource shows its groups (read-only).
    const bobResource = await idp.get(`/Users/${bob!.id}`).expect(200);
    expect(bobResource.body.groups).toEqual([expect.objectContaining({ value: id, display: 'Eng Team' })]);

    await idp
      .patch(`/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'members', value: [{ value: ann!.id }] }] })
      .expect(204);
    expect(memberIds((await idp.get(`/Groups/${id}`).expect(200)).body)).toEqual([ann!.id]);

    const put = await idp
      .put(`/Groups/${id}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Eng Team',
        members: [{ value: cy!.id }],
      })
      .expect(200);
    expect(memberIds(put.body)).toEqual([cy!.id]);

    await idp.delete(`/Groups/${id}`).expect(204);
    await idp.get(`/Groups/${id}`).expect(404);
    expect((await idp.get(`/Users/${cy!.id}`).expect(200)).body.groups).toBeUndefined();
  });
});

describe('Entra group membership', () => {
  it('looks groups up without members, removes only the listed members, and accepts capitalised ops', async () => {
    const { token } = await env().connectedAccount('entra');
    const idp = env().scim(token);
    const users = [];
    for (const email of ['e1@contoso.com', 'e2@contoso.com', 'e3@contoso.com']) {
      users.push((await idp.post('/Users', entraCreateUser(email)).expect(201)).body.id as string);
    }
    const lookup = await idp.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Sales"')}`).expect(200);
    expect(lookup.body.totalResults).toBe(0);

    const created = await idp.post('/Groups', entraCreateGroup('Sales')).expect(201);
    const id = created.body.id as string;
    await idp
      .patch(`/Groups/${id}`, entraPatch([{ op: 'Add', path: 'members', value: users.map((value) => ({ $ref: null, value })) }]))
      .expect(204);
    await idp.patch(`/Groups/${id}`, entraPatch([{ op: 'Remove', path: 'members', value: [{ value: users[1] }] }])).expect(204);
    const after = await idp.get(`/Groups/${id}`).expect(200);
    expect(memberIds(after.body)).toEqual([users[0], users[2]].sort());

    const found = await idp.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "sales"')}`).expect(200);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0]).not.toHaveProperty('members');
    expect(found.body.Resources[0]).toMatchObject({ id, displayName: 'Sales', externalId: created.body.externalId });

    const byMember = await idp.get(`/Groups${filterQuery(`members.value eq "${users[2]}"`)}`).expect(200);
    expect(byMember.body.Resources.map((g: { id: string }) => g.id)).toEqual([id]);

    // Deleting a user removes its memberships (Google relies on it).
    await idp.delete(`/Users/${users[0]}`).expect(204);
    expect(memberIds((await idp.get(`/Groups/${id}`).expect(200)).body)).toEqual([users[2]]);
  });

  it('skips unknown members: the known ones are added, the role resolved, the skip audited (PATCH 204)', async () => {
    const { accountId, token } = await env().connectedAccount('entra');
    const idp = env().scim(token);
    const known = (await idp.post('/Users', entraCreateUser('known@contoso.com')).expect(201)).body.id as string;
    const unknown = '00000000-0000-4000-8000-000000000000';
    // Another tenant's user is not a user of this directory either.
    const other = await env().connectedAccount('entra');
    const foreign = (await env().scim(other.token).post('/Users', entraCreateUser('foreign@fabrikam.com')).expect(201)).body.id as string;
    const created = await idp.post('/Groups', entraCreateGroup('knock-role-admin')).expect(201);
    const id = created.body.id as string;

    await idp
      .patch(
        `/Groups/${id}`,
        entraPatch([
          { op: 'Replace', path: 'displayName', value: 'KNOCK-ROLE-ADMIN' },
          { op: 'Add', path: 'members', value: [{ value: known }, { value: unknown }, { value: foreign }, { value: 'not-a-uuid' }] },
        ]),
      )
      .expect(204);
    const after = await idp.get(`/Groups/${id}`).expect(200);
    expect(after.body).toMatchObject({ displayName: 'KNOCK-ROLE-ADMIN', meta: { version: 'W/"2"' } });
    expect(memberIds(after.body)).toEqual([known]);
    await eventually(async () =>
      expect(await env().members(accountId)).toEqual([
        expect.objectContaining({ email: 'known@contoso.com', role: 'admin', managedByDirectory: true }),
      ]),
    );
    expect(await env().members(other.accountId)).toEqual([expect.objectContaining({ email: 'foreign@fabrikam.com', role: 'support' })]);
    expect(await env().db('group_memberships').where({ user_id: foreign })).toEqual([]);

    const audit = await env().db('audit_log').where({ subject_type: 'group', subject_id: id, action: 'patch' }).first();
    expect(audit!.details).toEqual({
      // A change of letter case is a rename as the events feed tells it.
      name: 'KNOCK-ROLE-ADMIN',
      nameBefore: 'knock-role-admin',
      membersAdded: 1,
      membersRemoved: 0,
      membersSkipped: 3,
      skippedMembers: [unknown, foreign, 'not-a-uuid'],
    });
    expect(audit!.outcome).toMatchObject({ membersAdded: 1, membersSkipped: 3 });

    // Removing ids that are no members (or no UUIDs) changes nothing, and is no error either.
    await idp
      .patch(`/Groups/${id}`, entraPatch([{ op: 'Remove', path: 'members', value: [{ value: unknown }, { value: 'nope' }] }]))
      .expect(204);
    expect(memberIds((await idp.get(`/Groups/${id}`).expect(200)).body)).toEqual([known]);
  });

  it('skips unknown members in a POST (201) and a PUT (200)', async () => {
    const { token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const [ann, bob] = await createUsers(token, ['ann.x@acme.io', 'bob.x@acme.io']);
    const unknown = '11111111-1111-4111-8111-111111111111';

    const created = await idp
      .post('/Groups', { ...oktaCreateGroup('Eng'), members: [{ value: ann!.id }, { value: unknown }, { value: 'okta-00u1' }] })
      .expect(201);
    expect(memberIds(created.body)).toEqual([ann!.id]);
    const id = created.body.id as string;

    const put = await idp
      .put(`/Groups/${id}`, { ...oktaCreateGroup('Eng'), members: [{ value: bob!.id }, { value: unknown }] })
      .expect(200);
    expect(memberIds(put.body)).toEqual([bob!.id]);

    const audits = await env().db('audit_log').where({ subject_type: 'group', subject_id: id }).orderBy('id');
    expect(audits.map((a) => [a.action, a.details])).toEqual([
      ['create', { name: 'Eng', membersAdded: 1, membersRemoved: 0, membersSkipped: 2, skippedMembers: [unknown, 'okta-00u1'] }],
      ['replace', { name: 'Eng', membersAdded: 1, membersRemoved: 1, membersSkipped: 1, skippedMembers: [unknown] }],
    ]);
  });
});
