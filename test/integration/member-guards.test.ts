import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities';
import type { UserChange } from '../../workflows/contracts/provision-user';
import { entraPatch, filterQuery, oktaCreateUser } from '../fixtures/idp-requests';
import { useTestEnv } from '../support/test-env';

const env = useTestEnv();

describe('dashboard (rule 3: an account always keeps an active owner)', () => {
  it('refuses to demote the last active owner with 409 last_owner, and allows it once another owner exists', async () => {
    // An account without a directory: the dashboard owns every member (rule 5 does not apply).
    const accountId = `acct-${randomUUID().slice(0, 8)}`;
    await env().admin('post', '/accounts').send({ id: accountId, name: 'No directory' }).expect(201);
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'only.owner@acme.io', role: 'owner' }).expect(201);

    const refused = await env().admin('patch', `/accounts/${accountId}/members/only.owner@acme.io`).send({ role: 'admin' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'last_owner' });
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ email: 'only.owner@acme.io', role: 'owner', active: true })]);

    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'second.owner@acme.io', role: 'owner' }).expect(201);
    await env().admin('patch', `/accounts/${accountId}/members/only.owner@acme.io`).send({ role: 'admin' }).expect(200);
    expect((await env().members(accountId)).map((m) => `${m.email}:${m.role}`).sort()).toEqual([
      'only.owner@acme.io:admin',
      'second.owner@acme.io:owner',
    ]);
  });
});

describe('two SCIM users claiming one email (rule 2)', () => {
  it('refuses the second with 409 uniqueness and keeps the member linked to the first', async () => {
    // Rule 2 links a SCIM user to the member with its email; a member already linked to another
    // SCIM user cannot be linked twice, so the second claim is the IdP's conflict to resolve.
    const { accountId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const shared = (email: string) => [{ value: email, type: 'work', primary: true }];
    const first = (await idp.post('/Users', oktaCreateUser('first.login@acme.io', { emails: shared('shared@acme.io') })).expect(201)).body
      .id as string;

    const second = await idp.post('/Users', oktaCreateUser('second.login@acme.io', { emails: shared('SHARED@acme.io') })).expect(409);
    expect(second.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await idp.get(`/Users${filterQuery('userName eq "second.login@acme.io"')}`).expect(200)).body.totalResults).toBe(0);

    // The same claim by a PATCH of an existing user is refused too, and changes nothing.
    const third = (await idp.post('/Users', oktaCreateUser('third.login@acme.io')).expect(201)).body.id as string;
    await idp
      .patch(`/Users/${third}`, entraPatch([{ op: 'replace', path: 'emails[type eq "work"].value', value: 'shared@acme.io' }]))
      .expect(409);
    expect((await idp.get(`/Users/${third}`).expect(200)).body.emails).toEqual([expect.objectContaining({ value: 'third.login@acme.io' })]);

    const members = await env().members(accountId);
    expect(members.map((m) => [m.email, m.scimUserId]).sort()).toEqual([
      ['shared@acme.io', first],
      ['third.login@acme.io', third],
    ]);
  });
});

describe('change-id dedup (a retried change applies once)', () => {
  it('applying the same change id twice writes one audit row and returns the recorded outcome', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const scimUserId = (await env().scim(token).post('/Users', oktaCreateUser('retried.change@acme.io')).expect(201)).body.id as string;
    const activities = createActivities({ db: env().db, userMaxHistoryEvents: env().maxHistoryEvents });
    // Not idempotent by itself: each application bumps the version and writes an audit row.
    const change: UserChange = {
      changeId: `retry-${randomUUID()}`,
      command: {
        kind: 'patch',
        operations: [{ op: 'add', path: 'phoneNumbers', value: [{ value: `+1 555 ${Date.now() % 10000}`, type: 'work' }] }],
      },
    };
    const input = { accountId, directoryId, scimUserId, change };

    const first = await activities.applyUserChange(input);
    // The retry: the activity ran and committed, but its completion was lost.
    const again = await activities.applyUserChange(structuredClone(input));
    expect(again).toEqual(first);
    expect(first.user?.version).toBe(2);

    const rows = await env().db('audit_log').where({ change_id: change.changeId }).count<{ count: number }[]>('* as count');
    expect(rows).toEqual([{ count: 1 }]);
    const stored = await env().db('scim_users').where({ id: scimUserId }).first('version', 'attributes');
    expect(stored?.version).toBe(2);
    expect(stored?.attributes.phoneNumbers).toHaveLength(1);
  });
});
