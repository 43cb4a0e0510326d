import { eventually } from '../support/eventually';
import { memberRoles } from '../support/member-roles';
import { useTestEnv } from '../support/test-env';
import { ENTERPRISE_USER } from '../fixtures/idp-requests';
import {
  oneLoginCreateGroup,
  oneLoginLookup,
  oneLoginMembership,
  oneLoginSetActive,
  oneLoginTemplate,
  oneLoginUpdate,
  type OneLoginUser,
} from '../fixtures/onelogin';

/**
 * OneLogin's SCIM Provisioner (SCIM v2 Enterprise) replayed through HTTP: entitlements refresh,
 * lookup, create from the JSON template (with `userName` from the email and from the OneLogin
 * username), groups set by rules (created, then members added and removed by PATCH) and the roles
 * they give, profile and email updates, suspension, unsuspension and deletion.
 */
const env = useTestEnv();

describe('a OneLogin provisioning session', () => {
  it('creates from the template, sets groups by rules, updates, suspends, unsuspends and deletes', async () => {
    const { accountId, token } = await env().connectedAccount('onelogin');
    const idp = env().scim(token);
    const expectRoles = (expected: Record<string, string>) =>
      eventually(async () => expect(await memberRoles(env(), accountId)).toEqual(expected));

    // "Refresh entitlements": the app's groups, none yet.
    expect((await idp.get('/Groups').expect(200)).body).toMatchObject({ totalResults: 0, Resources: [] });

    // The SCIM Username parameter is the email by default; Bo's app maps it to the OneLogin username.
    const ann: OneLoginUser = { scimUsername: 'ann.lee@acme.io', email: 'ann.lee@acme.io', firstname: 'Ann', lastname: 'Lee' };
    const bo: OneLoginUser = { scimUsername: 'bo.chen', email: 'bo.chen@acme.io', firstname: 'Bo', lastname: 'Chen' };
    const ids = new Map<OneLoginUser, string>();
    for (const user of [ann, bo]) {
      expect((await idp.get(oneLoginLookup(user.scimUsername)).expect(200)).body.totalResults).toBe(0);
      const created = await idp.post('/Users', oneLoginTemplate(user)).expect(201);
      expect(created.body).toMatchObject({
        userName: user.scimUsername,
        name: { givenName: user.firstname, familyName: user.lastname },
        emails: [{ value: user.email, type: 'work', primary: true }],
        active: true,
        [ENTERPRISE_USER]: { department: 'Engineering' },
      });
      ids.set(user, created.body.id as string);
    }
    const annId = ids.get(ann)!;
    const boId = ids.get(bo)!;
    // Bo's member is found by the email in `emails`, not by the username.
    expect(await env().members(accountId)).toEqual([
      { email: 'ann.lee@acme.io', name: 'Ann Lee', role: 'support', active: true, managedByDirectory: true, scimUserId: annId },
      { email: 'bo.chen@acme.io', name: 'Bo Chen', role: 'support', active: true, managedByDirectory: true, scimUserId: boId },
    ]);

    // Rules map OneLogin roles to groups the app lacks: the groups are created, then filled by PATCH.
    const admins = (await idp.post('/Groups', oneLoginCreateGroup('knock-role-admin')).expect(201)).body.id as string;
    const members = (await idp.post('/Groups', oneLoginCreateGroup('knock-role-member')).expect(201)).body.id as string;
    const refreshed = await idp.get('/Groups').expect(200);
    expect(refreshed.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['knock-role-admin', 'knock-role-member']);
    await idp.patch(`/Groups/${admins}`, oneLoginMembership([annId], [])).expect(204);
    await idp.patch(`/Groups/${members}`, oneLoginMembership([annId, boId], [])).expect(204);
    await expectRoles({ 'ann.lee@acme.io': 'admin', 'bo.chen@acme.io': 'member' });

    // A OneLogin role moves from Ann to Bo: one PATCH adds Bo and removes Ann, by value.
    await idp.patch(`/Groups/${admins}`, oneLoginMembership([boId], [annId])).expect(204);
    const adminGroup = await idp.get(`/Groups/${admins}`).expect(200);
    expect(adminGroup.body.members.map((m: { value: string }) => m.value)).toEqual([boId]);
    await expectRoles({ 'ann.lee@acme.io': 'member', 'bo.chen@acme.io': 'admin' });

    // Profile update: the rendered template replaced; the role is kept.
    const boRenamed = { ...bo, lastname: 'Chen-Li', department: 'Platform' };
    const updated = await idp.patch(`/Users/${boId}`, oneLoginUpdate(boRenamed)).expect(200);
    expect(updated.body).toMatchObject({
      userName: 'bo.chen',
      name: { givenName: 'Bo', familyName: 'Chen-Li' },
      [ENTERPRISE_USER]: { department: 'Platform' },
    });
    // A new email for Ann: with the default mapping her userName changes with it, and so does the member.
    const annMoved = { ...ann, scimUsername: 'ann.lee@acme.com', email: 'ann.lee@acme.com' };
    expect((await idp.patch(`/Users/${annId}`, oneLoginUpdate(annMoved)).expect(200)).body).toMatchObject({
      userName: 'ann.lee@acme.com',
      emails: [{ value: 'ann.lee@acme.com', type: 'work', primary: true }],
    });
    expect((await idp.get(oneLoginLookup('ann.lee@acme.com')).expect(200)).body.Resources.map((u: { id: string }) => u.id)).toEqual([
      annId,
    ]);
    expect(await env().members(accountId)).toEqual([
      expect.objectContaining({ email: 'ann.lee@acme.com', name: 'Ann Lee', role: 'member', active: true, scimUserId: annId }),
      expect.objectContaining({ email: 'bo.chen@acme.io', name: 'Bo Chen-Li', role: 'admin', active: true, scimUserId: boId }),
    ]);

    // Suspended in OneLogin ("Suspend"): access revoked at once, groups kept.
    expect((await idp.patch(`/Users/${boId}`, oneLoginSetActive(false)).expect(200)).body.active).toBe(false);
    expect(await memberRoles(env(), accountId)).toEqual({ 'ann.lee@acme.com': 'member', 'bo.chen@acme.io': 'admin (inactive)' });
    // Unsuspended: access back, with the role his groups give him now.
    expect((await idp.patch(`/Users/${boId}`, oneLoginSetActive(true)).expect(200)).body.active).toBe(true);
    expect(await memberRoles(env(), accountId)).toEqual({ 'ann.lee@acme.com': 'member', 'bo.chen@acme.io': 'admin' });

    // Deleted in OneLogin ("Delete"): the user and its memberships go; the member stays, without access.
    await idp.delete(`/Users/${annId}`).expect(204);
    await idp.get(`/Users/${annId}`).expect(404);
    const memberGroup = await idp.get(`/Groups/${members}`).expect(200);
    expect(memberGroup.body.members.map((m: { value: string }) => m.value)).toEqual([boId]);
    expect((await env().members(accountId)).find((m) => m.email === 'ann.lee@acme.com')).toMatchObject({
      active: false,
      managedByDirectory: false,
      scimUserId: null,
    });
    // Unlinked, the member keeps the role it had (rule 4: sync no longer changes it).
    await expectRoles({ 'ann.lee@acme.com': 'member (inactive)', 'bo.chen@acme.io': 'admin' });
  });
});
