import { eventually } from '../support/eventually';
import { memberRoles } from '../support/member-roles';
import { useTestEnv } from '../support/test-env';
import {
  entraCreateGroup,
  entraCreateUser,
  entraPatch,
  oktaCreateGroup,
  oktaCreateUser,
  oktaDeactivate,
  oktaGroupMembershipPatch,
  PATCH_OP,
} from '../fixtures/idp-requests';

const env = useTestEnv();

const roles = (accountId: string) => memberRoles(env(), accountId);

async function expectRoles(accountId: string, expected: Record<string, string>) {
  await eventually(async () => expect(await roles(accountId)).toEqual(expected));
}

const addMembers = (ids: string[]) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
});
const removeMember = (id: string) => ({ schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] });
const rename = (name: string) => ({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: name }] });

describe('Okta group push drives roles', () => {
  it('follows membership, rename and delete of knock-role-* groups', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const ann = (await idp.post('/Users', oktaCreateUser('ann.o@acme.io')).expect(201)).body.id as string;
    const bob = (await idp.post('/Users', oktaCreateUser('bob.o@acme.io')).expect(201)).body.id as string;
    await expectRoles(accountId, { 'ann.o@acme.io': 'support', 'bob.o@acme.io': 'support' });

    const owners = (await idp.post('/Groups', oktaCreateGroup('knock-role-owner')).expect(201)).body.id as string;
    await idp
      .patch(`/Groups/${owners}`, oktaGroupMembershipPatch(owners, 'knock-role-owner', [{ id: ann, email: 'ann.o@acme.io' }], []))
      .expect(204);
    await expectRoles(accountId, { 'ann.o@acme.io': 'owner', 'bob.o@acme.io': 'support' });

    const admins = (await idp.post('/Groups', { displayName: 'KNOCK-ROLE-ADMIN', members: [{ value: bob }, { value: ann }] }).expect(201))
      .body.id as string;
    await expectRoles(accountId, { 'ann.o@acme.io': 'owner', 'bob.o@acme.io': 'admin' });

    // Renaming the admin group to an unmapped name takes the role away from its members.
    await idp.patch(`/Groups/${admins}`, rename('Former Admins')).expect(204);
    await expectRoles(accountId, { 'ann.o@acme.io': 'owner', 'bob.o@acme.io': 'support' });
    await idp.patch(`/Groups/${admins}`, rename('knock-role-member')).expect(204);
    await expectRoles(accountId, { 'ann.o@acme.io': 'owner', 'bob.o@acme.io': 'member' });

    await idp.delete(`/Groups/${admins}`).expect(204);
    await expectRoles(accountId, { 'ann.o@acme.io': 'owner', 'bob.o@acme.io': 'support' });
  });
});

describe('Entra membership drives roles', () => {
  it('applies the most privileged role and re-resolves on add, remove and deactivate/reactivate', async () => {
    const { accountId, token } = await env().connectedAccount('entra');
    const idp = env().scim(token);
    const kim = (await idp.post('/Users', entraCreateUser('kim.e@contoso.com')).expect(201)).body.id as string;
    const lee = (await idp.post('/Users', entraCreateUser('lee.e@contoso.com')).expect(201)).body.id as string;
    const billing = (await idp.post('/Groups', entraCreateGroup('knock-role-billing')).expect(201)).body.id as string;
    const members = (await idp.post('/Groups', entraCreateGroup('knock-role-member')).expect(201)).body.id as string;
    const owners = (await idp.post('/Groups', entraCreateGroup('knock-role-owner')).expect(201)).body.id as string;
    await idp.patch(`/Groups/${owners}`, entraPatch([{ op: 'Add', path: 'members', value: [{ value: lee }] }])).expect(204);
    await idp.patch(`/Groups/${billing}`, entraPatch([{ op: 'Add', path: 'members', value: [{ value: kim }] }])).expect(204);
    await expectRoles(accountId, { 'kim.e@contoso.com': 'billing', 'lee.e@contoso.com': 'owner' });
    await idp.patch(`/Groups/${members}`, entraPatch([{ op: 'Add', path: 'members', value: [{ value: kim }] }])).expect(204);
    await expectRoles(accountId, { 'kim.e@contoso.com': 'member', 'lee.e@contoso.com': 'owner' });
    await idp.patch(`/Groups/${members}`, entraPatch([{ op: 'Remove', path: 'members', value: [{ value: kim }] }])).expect(204);
    await expectRoles(accountId, { 'kim.e@contoso.com': 'billing', 'lee.e@contoso.com': 'owner' });

    await idp.patch(`/Users/${kim}`, entraPatch([{ op: 'Replace', path: 'active', value: 'False' }])).expect(200);
    await expectRoles(accountId, { 'kim.e@contoso.com': 'billing (inactive)', 'lee.e@contoso.com': 'owner' });
    // While Kim is inactive her groups change behind every propagation's back: the membership
    // row is written directly, so no group change queues a re-resolution. Only the reactivation's
    // own resolution can now give her `member` (issue 10: through a SCIM PATCH, the group's
    // propagation re-resolved her role first and the reactivation had nothing left to prove).
    await env().db('group_memberships').insert({ group_id: members, user_id: kim });
    expect((await roles(accountId))['kim.e@contoso.com']).toBe('billing (inactive)');
    await idp.patch(`/Users/${kim}`, entraPatch([{ op: 'Replace', path: 'active', value: 'True' }])).expect(200);
    // Reactivation restores access with a freshly resolved role, right in the response's wake.
    expect((await roles(accountId))['kim.e@contoso.com']).toBe('member');
  });
});

describe('custom mappings', () => {
  it('are read and replaced, refuse default names, and re-resolve the affected members', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const dev = (await idp.post('/Users', oktaCreateUser('dev.one@acme.io')).expect(201)).body.id as string;
    const fin = (await idp.post('/Users', oktaCreateUser('fin.one@acme.io')).expect(201)).body.id as string;
    await idp.post('/Groups', { displayName: 'Engineering', members: [{ value: dev }] }).expect(201);
    await idp.post('/Groups', { displayName: 'Finance', members: [{ value: fin }] }).expect(201);
    await expectRoles(accountId, { 'dev.one@acme.io': 'support', 'fin.one@acme.io': 'support' });

    const refused = await env()
      .admin('put', `/accounts/${accountId}/role-mappings`)
      .send([{ group: 'Knock-Role-Owner', role: 'support' }])
      .expect(400);
    expect(refused.body.error.message).toMatch(/default group/);
    await env()
      .admin('put', `/accounts/${accountId}/role-mappings`)
      .send([{ group: 'x', role: 'wizard' }])
      .expect(400);

    const saved = await env()
      .admin('put', `/accounts/${accountId}/role-mappings`)
      .send([
        { group: 'engineering', role: 'admin' },
        { group: 'Finance', role: 'billing' },
      ])
      .expect(200);
    expect(saved.body).toMatchObject({
      mappings: [
        { group: 'engineering', role: 'admin' },
        { group: 'Finance', role: 'billing' },
      ],
      reResolving: 2,
    });
    await expectRoles(accountId, { 'dev.one@acme.io': 'admin', 'fin.one@acme.io': 'billing' });
    expect((await env().admin('get', `/accounts/${accountId}/role-mappings`).expect(200)).body).toEqual([
      { group: 'Finance', role: 'billing' },
      { group: 'engineering', role: 'admin' },
    ]);

    await env()
      .admin('put', `/accounts/${accountId}/role-mappings`)
      .send([{ group: 'Finance', role: 'billing' }])
      .expect(200);
    await expectRoles(accountId, { 'dev.one@acme.io': 'support', 'fin.one@acme.io': 'billing' });
  });
});

describe('IdP precedence and dashboard operations (rule 5)', () => {
  it('refuses dashboard role changes for directory-managed members, allows others, adopts invites', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    await idp.post('/Users', oktaCreateUser('managed.m@acme.io')).expect(201);
    const refused = await env().admin('patch', `/accounts/${accountId}/members/managed.m@acme.io`).send({ role: 'admin' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'managed_by_directory' });
    expect(refused.body.error.message).toMatch(/managed by the account's directory/);
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'MANAGED.M@acme.io', role: 'owner' }).expect(409);

    const invited = await env()
      .admin('post', `/accounts/${accountId}/invites`)
      .send({ email: 'Invitee@Acme.io', role: 'admin' })
      .expect(201);
    expect(invited.body).toMatchObject({ email: 'invitee@acme.io', role: 'admin', managedByDirectory: false });
    const changed = await env().admin('patch', `/accounts/${accountId}/members/invitee@acme.io`).send({ role: 'billing' }).expect(200);
    expect(changed.body.role).toBe('billing');
    await env().admin('patch', `/accounts/${accountId}/members/nobody@acme.io`).send({ role: 'billing' }).expect(404);

    // The IdP provisions the invited email later: adopted, and the IdP's role wins.
    const adopted = (await idp.post('/Users', oktaCreateUser('invitee@acme.io')).expect(201)).body.id as string;
    expect((await env().members(accountId)).find((m) => m.email === 'invitee@acme.io')).toMatchObject({
      role: 'support',
      managedByDirectory: true,
      scimUserId: adopted,
    });
  });
});

describe('last-owner guard (rule 3)', () => {
  it('holds back the demotion or deactivation of the last active owner, reports it, and applies it once allowed', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const only = (await idp.post('/Users', oktaCreateUser('only.owner@acme.io')).expect(201)).body.id as string;
    const next = (await idp.post('/Users', oktaCreateUser('next.owner@acme.io')).expect(201)).body.id as string;
    const owners = (await idp.post('/Groups', { displayName: 'knock-role-owner', members: [{ value: only }] }).expect(201)).body
      .id as string;
    await expectRoles(accountId, { 'only.owner@acme.io': 'owner', 'next.owner@acme.io': 'support' });

    await idp.patch(`/Groups/${owners}`, removeMember(only)).expect(204);
    await eventually(async () => {
      const status = await env().admin('get', `/accounts/${accountId}/directory`).expect(200);
      expect(status.body.warnings).toEqual([expect.stringContaining('only.owner@acme.io is kept as an active owner')]);
    });
    expect((await roles(accountId))['only.owner@acme.io']).toBe('owner');

    // The IdP also deactivates them: the SCIM user says inactive, the member keeps access.
    const deactivated = await idp
      .patch(`/Users/${only}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })
      .expect(200);
    expect(deactivated.body.active).toBe(false);
    expect((await roles(accountId))['only.owner@acme.io']).toBe('owner');

    // Another owner appears: the held-back change applies at once.
    await idp.patch(`/Groups/${owners}`, addMembers([next])).expect(204);
    await expectRoles(accountId, { 'only.owner@acme.io': 'support (inactive)', 'next.owner@acme.io': 'owner' });
    expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body.warnings).toEqual([]);
  });

  it('releases a held-back change when support invites a new owner from the dashboard', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const only = (await idp.post('/Users', oktaCreateUser('only.owner@acme.io')).expect(201)).body.id as string;
    const owners = (await idp.post('/Groups', { displayName: 'knock-role-owner', members: [{ value: only }] }).expect(201)).body
      .id as string;
    await expectRoles(accountId, { 'only.owner@acme.io': 'owner' });
    await idp.patch(`/Groups/${owners}`, removeMember(only)).expect(204);
    await eventually(async () => {
      expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body.warnings).toHaveLength(1);
    });

    // A member no directory manages may be invited as owner while the directory is live (rule 5).
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'founder@acme.io', role: 'owner' }).expect(201);
    expect(await roles(accountId)).toEqual({ 'only.owner@acme.io': 'support', 'founder@acme.io': 'owner' });
    expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body.warnings).toEqual([]);
  });

  it('never lets members that no SCIM user links to be changed by sync (rule 4)', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'human@acme.io', role: 'owner' }).expect(201);
    const idp = env().scim(token);
    const user = (await idp.post('/Users', oktaCreateUser('synced.user@acme.io')).expect(201)).body.id as string;
    await idp.post('/Groups', { displayName: 'knock-role-admin', members: [{ value: user }] }).expect(201);
    await idp.patch(`/Users/${user}`, oktaDeactivate).expect(200);
    await expectRoles(accountId, { 'human@acme.io': 'owner', 'synced.user@acme.io': 'admin (inactive)' });
  });
});
