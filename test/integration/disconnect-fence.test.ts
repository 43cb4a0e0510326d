import { ActivityGate } from '../support/activity-gate';
import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';
import { entraPatch, oktaCreateGroup, oktaCreateUser, oktaDeactivate } from '../fixtures/idp-requests';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const gate = new ActivityGate();
const env = useTestEnv({ activityInterceptors: [gate.interceptor] });

async function disconnect(accountId: string) {
  const response = await env().admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);
  expect(response.body).toMatchObject({ status: 'disconnected', alreadyDisconnected: false });
}

describe('the share-lock fence in the apply transaction (rule 6)', () => {
  it('refuses a create that passed authentication before the disconnect and writes nothing', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const held = gate.arm('applyUserChange', directoryId);
    // The request authenticates now (the directory is live) and waits at the worker.
    const create = env()
      .scim(token)
      .post('/Users', oktaCreateUser('held.create@acme.io'))
      .then((response) => response);
    const input = (await held.held) as { change: { changeId: string } };
    await disconnect(accountId);
    held.release();

    const response = await create;
    // The fence's refusal (DirectoryFrozen → 401), not an authentication failure: it authenticated before.
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/disconnected/);
    expect(await env().db('scim_users').where({ directory_id: directoryId })).toEqual([]);
    expect(await env().db('members').where({ account_id: accountId })).toEqual([]);
    expect(await env().db('audit_log').where({ change_id: input.change.changeId })).toEqual([]);
    expect(await env().db('audit_log').where({ directory_id: directoryId, subject_type: 'user' })).toEqual([]);
  });

  it('refuses a deactivation held across the disconnect and leaves the member as it was', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const userId = (await idp.post('/Users', oktaCreateUser('held.patch@acme.io')).expect(201)).body.id as string;
    const snapshot = async () => ({
      users: await env()
        .db('scim_users')
        .where({ directory_id: directoryId })
        .select('id', 'attributes', 'version', 'active', 'updated_at'),
      members: await env().db('members').where({ account_id: accountId }).select('email', 'role', 'active', 'updated_at'),
      audit: await env().db('audit_log').where({ directory_id: directoryId, subject_type: 'user' }).select('change_id'),
    });
    const before = await snapshot();
    expect(before.members).toEqual([expect.objectContaining({ email: 'held.patch@acme.io', active: true })]);

    const held = gate.arm('applyUserChange', directoryId);
    const deactivate = idp.patch(`/Users/${userId}`, oktaDeactivate).then((response) => response);
    await held.held;
    await disconnect(accountId);
    held.release();

    const response = await deactivate;
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/disconnected/);
    expect(await snapshot()).toEqual(before);
  });
});

describe('group changes and role propagation racing a disconnect (rule 6)', () => {
  it('changes nothing after the freeze and reflects every 2xx from before it', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const emails = Array.from({ length: 16 }, (_, i) => `racer${i}@acme.io`);
    const ids = new Map<string, string>();
    for (const email of emails) ids.set(email, (await idp.post('/Users', oktaCreateUser(email)).expect(201)).body.id as string);
    const groupIds = new Map<string, string>();
    for (const name of ['knock-role-member', 'knock-role-admin', 'knock-role-billing']) {
      groupIds.set(name, (await idp.post('/Groups', oktaCreateGroup(name)).expect(201)).body.id as string);
    }
    // Everyone starts as a member, so an added admin or billing group moves a role (admin) or not (billing).
    const everyone = emails.map((email) => ({ value: ids.get(email) }));
    await idp
      .patch(`/Groups/${groupIds.get('knock-role-member')}`, entraPatch([{ op: 'add', path: 'members', value: everyone }]))
      .expect(204);
    await eventually(async () => expect((await env().members(accountId)).map((m) => m.role)).toEqual(emails.map(() => 'member')));

    // The IdP's model: what each group holds after every PATCH it was told succeeded (one lane per group, in order).
    const model = new Map<string, Set<string>>(
      [...groupIds.keys()].map((name) => [name, new Set(name === 'knock-role-member' ? emails : [])]),
    );
    interface Sent {
      group: string;
      started: number;
      status: number;
    }
    const sent: Sent[] = [];
    let stop = false;
    const lane = async (group: string, seed: number) => {
      for (let n = seed; !stop; n += 1) {
        const email = emails[n % emails.length]!;
        const members = model.get(group)!;
        const remove = members.has(email);
        const operation = remove
          ? { op: 'remove', path: `members[value eq "${ids.get(email)}"]` }
          : { op: 'add', path: 'members', value: [{ value: ids.get(email) }] };
        const started = Date.now();
        const response = await idp.patch(`/Groups/${groupIds.get(group)}`, entraPatch([operation]));
        sent.push({ group, started, status: response.status });
        if (response.status === 204) {
          if (remove) members.delete(email);
          else members.add(email);
        } else {
          await sleep(20);
        }
      }
    };
    const snapshot = async () => ({
      members: await env().db('members').where({ account_id: accountId }).orderBy('email').select('email', 'role', 'active', 'updated_at'),
      memberships: await env()
        .db('group_memberships')
        .join('scim_groups', 'scim_groups.id', 'group_memberships.group_id')
        .join('scim_users', 'scim_users.id', 'group_memberships.user_id')
        .where('scim_groups.directory_id', directoryId)
        .select('scim_groups.display_name as group', 'scim_users.user_name as email'),
      groups: await env()
        .db('scim_groups')
        .where({ directory_id: directoryId })
        .orderBy('display_name')
        .select('display_name', 'version', 'updated_at'),
    });
    const lanes = [lane('knock-role-admin', 0), lane('knock-role-billing', 5), lane('knock-role-member', 11)];
    let held: ReturnType<ActivityGate['arm']> | undefined;
    let first: Awaited<ReturnType<typeof snapshot>> | undefined;
    let frozenAt = 0;
    // A failed check must not leave the lanes sending or a re-resolution held (jest would never exit).
    try {
      await eventually(async () => expect(sent.filter((r) => r.status === 204).length).toBeGreaterThan(10));
      // From here the role re-resolutions the traffic triggers are held, so propagation is in flight across the freeze.
      held = gate.arm('resolveMemberRole', directoryId);
      await held.held;
      await disconnect(accountId);
      frozenAt = Date.now();
      first = await snapshot();
      // The held re-resolutions now run: the fence must refuse them.
      held.release();
      for (let check = 0; check < 4; check += 1) {
        await sleep(400);
        expect(await snapshot()).toEqual(first);
      }
    } finally {
      held?.release();
      stop = true;
      await Promise.all(lanes);
    }

    // Changes were applied before the freeze, and the IdP was still sending across and after it.
    const before = sent.filter((r) => r.started < frozenAt);
    const after = sent.filter((r) => r.started > frozenAt);
    expect(before.filter((r) => r.status === 204).length).toBeGreaterThan(10);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.status === 401)).toBe(true);
    for (const request of sent) expect([204, 401]).toContain(request.status);
    // Every 204 is reflected, and nothing refused is: the stored memberships are the IdP's model.
    const expected = [...model]
      .flatMap(([group, members]) => [...members].map((email) => ({ group, email })))
      .sort((a, b) => (a.group + a.email).localeCompare(b.group + b.email));
    const stored = [...first!.memberships].sort((a, b) => (a.group + a.email).localeCompare(b.group + b.email));
    expect(stored).toEqual(expected);
  });
});
