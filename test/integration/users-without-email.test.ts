import { userProvisioningStateQuery } from '../../workflows/contracts/provision-user';
import { userWorkflowId } from '../../workflows/ids';
import { filterQuery, oktaCreateGroup, oktaCreateUser, PATCH_OP } from '../fixtures/idp-requests';
import { useTestEnv } from '../support/test-env';

const env = useTestEnv();
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** What Okta sends for a service account: a userName that is not an email, and no `emails`. */
function serviceAccount(userName: string, overrides: Record<string, unknown> = {}) {
  const { emails, ...okta } = oktaCreateUser('build.bot@example.com', { userName, displayName: 'Build Bot', ...overrides });
  return overrides.emails ? { ...okta, emails } : okta;
}

async function directoryStatus(accountId: string) {
  return (await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body;
}

async function provisioningState(directoryId: string, scimUserId: string) {
  return env().client.workflow.getHandle(userWorkflowId(directoryId, scimUserId)).query(userProvisioningStateQuery);
}

async function lastAudit(userId: string): Promise<{ details: Record<string, unknown> }> {
  const row = await env().db('audit_log').where({ subject_type: 'user', subject_id: userId }).orderBy('id', 'desc').first();
  expect(row).toBeDefined();
  return row!;
}

describe('users without an email (docs/product-rules.md rule 2)', () => {
  it('keeps a user with no email, serves every read, and links it to no member', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);

    const created = await idp.post('/Users', { schemas: [USER_SCHEMA], userName: 'svc-build-bot' }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ userName: 'svc-build-bot', active: true });
    expect(created.body).not.toHaveProperty('emails');

    // Every SCIM read works.
    expect((await idp.get(`/Users/${id}`).expect(200)).body).toMatchObject({ id, userName: 'svc-build-bot' });
    const byName = await idp.get(`/Users${filterQuery('userName eq "SVC-build-bot"')}`).expect(200);
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    expect((await idp.get(`/Users${filterQuery('emails pr')}`).expect(200)).body.totalResults).toBe(0);
    expect((await idp.get('/Users?startIndex=1&count=100').expect(200)).body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const search = await idp.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'not (emails pr)',
    });
    expect(search.status).toBe(200);
    expect(search.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);

    // No member, no access; the status counts it and says so.
    expect(await env().members(accountId)).toEqual([]);
    const status = await directoryStatus(accountId);
    expect(status).toMatchObject({ users: 1, usersWaitingForEmail: 1 });
    expect(status.warnings).toEqual([expect.stringMatching(/^1 SCIM user has no email: .*waiting-for-email/)]);
    const waiting = await env().admin('get', `/accounts/${accountId}/directory/users-waiting-for-email`).expect(200);
    expect(waiting.body).toMatchObject({ total: 1, offset: 0, limit: 100, users: [{ id, userName: 'svc-build-bot', externalId: null }] });
    expect(await provisioningState(directoryId, id)).toMatchObject({ exists: true, waitingForEmail: true, roleStale: false });
    expect((await lastAudit(id)).details).toEqual({ waitingForEmail: true });

    // Writes work too, and still link nothing while there is no email.
    const put = await idp.put(`/Users/${id}`, serviceAccount('svc-build-bot', { displayName: 'Build Bot' })).expect(200);
    expect(put.body).toMatchObject({ displayName: 'Build Bot', meta: { version: 'W/"2"' } });
    await idp.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'CI' }] }).expect(200);
    await idp.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }).expect(200);
    expect(await env().members(accountId)).toEqual([]);
    expect(await provisioningState(directoryId, id)).toMatchObject({ exists: true, waitingForEmail: true });

    // A delete of a waiting user removes it; there is no member to keep.
    await idp.delete(`/Users/${id}`).expect(204);
    await idp.get(`/Users/${id}`).expect(404);
    expect(await directoryStatus(accountId)).toMatchObject({ users: 0, usersWaitingForEmail: 0, warnings: [] });
    expect(await env().members(accountId)).toEqual([]);
  });

  it('adopts the invited member in the change that gives the user an email, with the role its groups give', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    // Invited from the dashboard before the IdP knew the address: not directory-managed, role billing.
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'build.bot@acme.io', role: 'billing' }).expect(201);

    const id = (await idp.post('/Users', serviceAccount('svc-build-bot')).expect(201)).body.id as string;
    const group = (await idp.post('/Groups', oktaCreateGroup('knock-role-admin')).expect(201)).body.id as string;
    await idp
      .patch(`/Groups/${group}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] })
      .expect(204);
    // In the group, still waiting: the invited member is untouched (rule 4).
    expect(await env().members(accountId)).toEqual([
      expect.objectContaining({ email: 'build.bot@acme.io', role: 'billing', managedByDirectory: false }),
    ]);

    const patched = await idp
      .patch(`/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'emails', value: [{ value: 'Build.Bot@acme.io', type: 'work', primary: true }] }],
      })
      .expect(200);
    expect(patched.body.emails).toEqual([{ value: 'Build.Bot@acme.io', type: 'work', primary: true }]);
    // Linked in that same change: no wait for a role re-resolution.
    expect(await env().members(accountId)).toEqual([
      { email: 'build.bot@acme.io', name: 'Build Bot', role: 'admin', active: true, managedByDirectory: true, scimUserId: id },
    ]);
    expect(await directoryStatus(accountId)).toMatchObject({ usersWaitingForEmail: 0, warnings: [] });
    expect(await provisioningState(directoryId, id)).toMatchObject({ exists: true, email: 'build.bot@acme.io', waitingForEmail: false });
    // The dashboard now defers to the IdP (rule 5).
    await env().admin('patch', `/accounts/${accountId}/members/build.bot@acme.io`).send({ role: 'member' }).expect(409);
  });

  it('creates a member when a PUT gives a waiting user an email, and refuses an email linked to another user', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const taken = (await idp.post('/Users', oktaCreateUser('taken@acme.io')).expect(201)).body.id as string;
    const id = (await idp.post('/Users', serviceAccount('svc-deploy')).expect(201)).body.id as string;

    // Same rule as a create: the email of a member linked to another SCIM user is 409, nothing applied.
    const conflict = await idp.put(`/Users/${id}`, serviceAccount('svc-deploy', { emails: [{ value: 'taken@acme.io' }] })).expect(409);
    expect(conflict.body).toMatchObject({ scimType: 'uniqueness' });
    expect((await idp.get(`/Users/${id}`).expect(200)).body).not.toHaveProperty('emails');
    expect(await directoryStatus(accountId)).toMatchObject({ usersWaitingForEmail: 1 });

    await idp.put(`/Users/${id}`, serviceAccount('svc-deploy', { emails: [{ value: 'deploy@acme.io' }] })).expect(200);
    const members = await env().members(accountId);
    expect(members.find((m) => m.email === 'deploy@acme.io')).toMatchObject({
      role: 'support',
      active: true,
      managedByDirectory: true,
      scimUserId: id,
    });
    expect(members.find((m) => m.email === 'taken@acme.io')).toMatchObject({ scimUserId: taken });
    expect(await directoryStatus(accountId)).toMatchObject({ usersWaitingForEmail: 0 });
  });

  it('keeps a linked user that loses its email linked, with its last email and its access', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const id = (await idp.post('/Users', oktaCreateUser('lee.ray@acme.io', { userName: 'lray' })).expect(201)).body.id as string;
    const group = (await idp.post('/Groups', { ...oktaCreateGroup('knock-role-member'), members: [{ value: id }] }).expect(201)).body.id;
    expect(group).toBeDefined();
    await idp.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }).expect(200);
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ email: 'lee.ray@acme.io', role: 'member', active: true })]);

    // The IdP drops the email; userName 'lray' is not one.
    const lost = await idp.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'emails' }] }).expect(200);
    expect(lost.body).not.toHaveProperty('emails');
    expect(await env().members(accountId)).toEqual([
      { email: 'lee.ray@acme.io', name: 'lee ray', role: 'member', active: true, managedByDirectory: true, scimUserId: id },
    ]);
    expect((await lastAudit(id)).details).toMatchObject({ email: 'lee.ray@acme.io', role: 'member', active: true, emailKept: true });
    // Not waiting: it has its member.
    expect(await directoryStatus(accountId)).toMatchObject({ usersWaitingForEmail: 0, warnings: [] });
    expect(await provisioningState(directoryId, id)).toMatchObject({ exists: true, email: 'lee.ray@acme.io', waitingForEmail: false });

    // The IdP still governs the member: a name change follows, deactivation revokes access.
    await idp
      .patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Lee R.' }] })
      .expect(200);
    await idp.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }).expect(200);
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ email: 'lee.ray@acme.io', name: 'Lee R.', active: false })]);

    // An email coming back is followed by the member (rule 2).
    await idp
      .patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'lee@acme.io' }] }] })
      .expect(200);
    expect(await env().members(accountId)).toEqual([
      expect.objectContaining({ email: 'lee@acme.io', scimUserId: id, managedByDirectory: true }),
    ]);
  });
});
