import { eventually } from '../support/eventually';
import { memberRoles } from '../support/member-roles';
import { useTestEnv } from '../support/test-env';
import {
  jumpCloudAddMembers,
  jumpCloudCreateGroup,
  jumpCloudLookupGroup,
  jumpCloudLookupUser,
  jumpCloudRemoveMembers,
  jumpCloudRenameGroup,
  jumpCloudUser,
  type JumpCloudUser,
} from '../fixtures/jumpcloud';

/**
 * JumpCloud's Identity Management (SCIM 2.0) replayed through HTTP: Test Connection (a test user
 * and a test group, created and deleted), users created with a username as `userName`, group
 * sync (lookup by name, created with members, takeover of an existing group, PATCH add/remove by
 * value, rename, delete), full-PUT updates, and deactivation when the group that gave the app is
 * unbound, then reactivation.
 */
const env = useTestEnv();

const john: JumpCloudUser = { username: 'jdoe', email: 'john.doe@acme.io', firstname: 'John', lastname: 'Doe' };
const anna: JumpCloudUser = { username: 'asmith', email: 'anna.smith@acme.io', firstname: 'Anna', lastname: 'Smith' };

describe('JumpCloud Test Connection', () => {
  it('creates a test user and a test group and deletes both; the test member is left without access', async () => {
    const { accountId, token } = await env().connectedAccount('jumpcloud');
    const idp = env().scim(token);
    const tester: JumpCloudUser = { username: 'jc-test@acme.io', email: 'jc-test@acme.io', firstname: 'Test', lastname: 'User' };
    const user = (await idp.post('/Users', jumpCloudUser(tester)).expect(201)).body.id as string;
    const group = (await idp.post('/Groups', jumpCloudCreateGroup('jumpcloud-test-group', [user])).expect(201)).body.id as string;
    await idp.delete(`/Groups/${group}`).expect(204);
    await idp.delete(`/Users/${user}`).expect(204);
    await idp.get(`/Users/${user}`).expect(404);
    await idp.get(`/Groups/${group}`).expect(404);
    expect((await idp.get('/Users').expect(200)).body.totalResults).toBe(0);
    expect(await env().members(accountId)).toEqual([
      { email: 'jc-test@acme.io', name: 'Test User', role: 'support', active: false, managedByDirectory: false, scimUserId: null },
    ]);
  });

  it('revokes the access of the member whose email is the test email (rule 2 adopts it, the DELETE revokes it)', async () => {
    const { accountId, token } = await env().connectedAccount('jumpcloud');
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'it.admin@acme.io', role: 'owner' }).expect(201);
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'founder@acme.io', role: 'owner' }).expect(201);
    const idp = env().scim(token);
    const tester: JumpCloudUser = { username: 'it.admin@acme.io', email: 'it.admin@acme.io', firstname: 'IT', lastname: 'Admin' };
    const user = (await idp.post('/Users', jumpCloudUser(tester)).expect(201)).body.id as string;
    await idp.delete(`/Users/${user}`).expect(204);
    expect(await memberRoles(env(), accountId)).toEqual({ 'founder@acme.io': 'owner', 'it.admin@acme.io': 'support (inactive)' });
  });
});

describe('a JumpCloud provisioning session', () => {
  it('creates users, syncs groups and roles, updates by PUT, deactivates with an unbound group, reactivates', async () => {
    const { accountId, token } = await env().connectedAccount('jumpcloud');
    const idp = env().scim(token);
    const expectRoles = (expected: Record<string, string>) =>
      eventually(async () => expect(await memberRoles(env(), accountId)).toEqual(expected));

    // Users bound to the app: looked up by username, created; the member's email comes from `emails`.
    const ids = new Map<JumpCloudUser, string>();
    for (const user of [john, anna]) {
      expect((await idp.get(jumpCloudLookupUser(user.username)).expect(200)).body.totalResults).toBe(0);
      const created = await idp.post('/Users', jumpCloudUser(user)).expect(201);
      expect(created.body).toMatchObject({ userName: user.username, emails: [{ value: user.email, primary: true }], active: true });
      ids.set(user, created.body.id as string);
    }
    const johnId = ids.get(john)!;
    const annaId = ids.get(anna)!;
    expect(await env().members(accountId)).toEqual([
      { email: 'anna.smith@acme.io', name: 'Anna Smith', role: 'support', active: true, managedByDirectory: true, scimUserId: annaId },
      { email: 'john.doe@acme.io', name: 'John Doe', role: 'support', active: true, managedByDirectory: true, scimUserId: johnId },
    ]);

    // A user group bound to the app: looked up by name (none), created with its members.
    expect((await idp.get(jumpCloudLookupGroup('knock-role-admin')).expect(200)).body.totalResults).toBe(0);
    const admins = await idp.post('/Groups', jumpCloudCreateGroup('knock-role-admin', [johnId])).expect(201);
    const adminsId = admins.body.id as string;
    expect(admins.body.members.map((m: { value: string }) => m.value)).toEqual([johnId]);
    await expectRoles({ 'anna.smith@acme.io': 'support', 'john.doe@acme.io': 'admin' });

    // Membership events: PATCH add, then remove, by value.
    await idp.patch(`/Groups/${adminsId}`, jumpCloudAddMembers([annaId])).expect(204);
    await expectRoles({ 'anna.smith@acme.io': 'admin', 'john.doe@acme.io': 'admin' });
    await idp.patch(`/Groups/${adminsId}`, jumpCloudRemoveMembers([johnId])).expect(204);
    expect((await idp.get(`/Groups/${adminsId}`).expect(200)).body.members.map((m: { value: string }) => m.value)).toEqual([annaId]);
    await expectRoles({ 'anna.smith@acme.io': 'admin', 'john.doe@acme.io': 'support' });

    // Takeover: a group of the same name already in the app (from an earlier binding) is found and managed.
    const leftover = (await idp.post('/Groups', jumpCloudCreateGroup('knock-role-member', [annaId])).expect(201)).body.id as string;
    const takeover = await idp.get(jumpCloudLookupGroup('KNOCK-ROLE-MEMBER')).expect(200);
    expect(takeover.body.Resources.map((g: { id: string }) => g.id)).toEqual([leftover]);
    await idp.patch(`/Groups/${leftover}`, jumpCloudAddMembers([johnId])).expect(204);
    await idp.patch(`/Groups/${leftover}`, jumpCloudRemoveMembers([annaId])).expect(204);
    await expectRoles({ 'anna.smith@acme.io': 'admin', 'john.doe@acme.io': 'member' });

    // A rename in JumpCloud to an unmapped name: the role goes with the name.
    await idp.patch(`/Groups/${leftover}`, jumpCloudRenameGroup('Engineering')).expect(204);
    await expectRoles({ 'anna.smith@acme.io': 'admin', 'john.doe@acme.io': 'support' });

    // Profile updates are full PUTs: a new last name, then a new username (the email stays).
    const johnRenamed = { ...john, lastname: 'Dow' };
    expect((await idp.put(`/Users/${johnId}`, jumpCloudUser(johnRenamed)).expect(200)).body).toMatchObject({
      name: { givenName: 'John', familyName: 'Dow' },
      meta: { version: 'W/"2"' },
    });
    const johnMoved = { ...johnRenamed, username: 'john.dow' };
    await idp.put(`/Users/${johnId}`, jumpCloudUser(johnMoved)).expect(200);
    expect((await idp.get(jumpCloudLookupUser('jdoe')).expect(200)).body.totalResults).toBe(0);
    expect((await idp.get(jumpCloudLookupUser('john.dow')).expect(200)).body.Resources.map((u: { id: string }) => u.id)).toEqual([johnId]);
    expect((await env().members(accountId)).find((m) => m.scimUserId === johnId)).toMatchObject({
      email: 'john.doe@acme.io',
      name: 'John Dow',
    });

    // The group that gave Anna the app is unbound: the group stays as it is, Anna is deactivated.
    expect((await idp.put(`/Users/${annaId}`, jumpCloudUser(anna, false)).expect(200)).body.active).toBe(false);
    expect(await memberRoles(env(), accountId)).toEqual({ 'anna.smith@acme.io': 'admin (inactive)', 'john.doe@acme.io': 'support' });
    expect((await idp.get(`/Groups/${adminsId}`).expect(200)).body.members.map((m: { value: string }) => m.value)).toEqual([annaId]);

    // Bound again: active, with the role her groups give her now.
    expect((await idp.put(`/Users/${annaId}`, jumpCloudUser(anna)).expect(200)).body.active).toBe(true);
    expect(await memberRoles(env(), accountId)).toEqual({ 'anna.smith@acme.io': 'admin', 'john.doe@acme.io': 'support' });

    // The group deleted in JumpCloud is deleted in the app: its role goes.
    await idp.delete(`/Groups/${adminsId}`).expect(204);
    await idp.get(`/Groups/${adminsId}`).expect(404);
    await expectRoles({ 'anna.smith@acme.io': 'support', 'john.doe@acme.io': 'support' });
  });
});
