import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';
import { entraPatch, oktaCreateGroup, oktaCreateUser, oktaDeactivate } from '../fixtures/idp-requests';
import { userWorkflowId } from '../../workflows/ids';

const env = useTestEnv();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connect, rotate, disconnect, reconnect', () => {
  it('walks a directory through its whole life', async () => {
    const accountId = `life-${Date.now()}`;
    await env().admin('post', '/accounts').send({ id: accountId, name: 'Lifecycle' }).expect(201);
    await env().admin('get', `/accounts/${accountId}/directory`).expect(404);

    const connected = await env().admin('post', `/accounts/${accountId}/directory/connect`).send({ provider: 'entra' }).expect(201);
    expect(connected.body).toMatchObject({
      status: 'pending',
      scimBaseUrl: expect.stringMatching(/\/scim\/v2$/),
      token: expect.stringMatching(/^dsync_/),
      workflowId: expect.any(String),
    });
    const stored = await env().db('directories').where({ account_id: accountId }).first();
    // The secret is the part after `dsync_<24 hex>_`; it is base64url, so it may itself contain `_`.
    const secret = (connected.body.token as string).slice('dsync_'.length + 24 + 1);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body).toMatchObject({
      status: 'pending',
      connectedAt: null,
    });

    const again = await env().admin('post', `/accounts/${accountId}/directory/connect`).send({}).expect(409);
    expect(again.body.error.code).toBe('directory_already_connected');

    // The first authenticated request connects the directory.
    const idp = env().scim(connected.body.token);
    await idp.get('/Users').expect(200);
    await eventually(async () =>
      expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body).toMatchObject({
        status: 'connected',
        connectedAt: expect.any(String),
      }),
    );

    const user = (await idp.post('/Users', oktaCreateUser('life.user@acme.io')).expect(201)).body.id as string;
    await idp.post('/Groups', oktaCreateGroup('Lifers')).expect(201);

    // Rotation: the new token works at once, the old one stops at once.
    const rotated = await env().admin('post', `/accounts/${accountId}/directory/rotate-token`).expect(200);
    expect(rotated.body).toMatchObject({ directoryId: connected.body.directoryId, status: 'connected', rotated: true });
    await idp.get('/Users').expect(401);
    const idp2 = env().scim(rotated.body.token);
    await idp2.get(`/Users/${user}`).expect(200);

    const status = await env().admin('get', `/accounts/${accountId}/directory`).expect(200);
    expect(status.body).toMatchObject({
      status: 'connected',
      users: 1,
      groups: 1,
      lastSyncAt: expect.any(String),
      frozenAt: null,
      warnings: [],
    });

    const disconnected = await env().admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);
    expect(disconnected.body).toMatchObject({
      status: 'disconnected',
      frozenAt: expect.any(String),
      alreadyDisconnected: false,
      stopped: { users: 1, groups: 1 },
    });
    const refused = await idp2.patch(`/Users/${user}`, oktaDeactivate).expect(401);
    expect(refused.body.detail).toMatch(/disconnected/);
    const twice = await env().admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);
    expect(twice.body).toMatchObject({ status: 'disconnected', frozenAt: disconnected.body.frozenAt, alreadyDisconnected: true });
    expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body).toMatchObject({
      status: 'disconnected',
      frozenAt: disconnected.body.frozenAt,
    });
    await env().admin('post', `/accounts/${accountId}/directory/rotate-token`).expect(409);

    // After the freeze the dashboard changes directory-managed members freely (rule 6).
    const changed = await env().admin('patch', `/accounts/${accountId}/members/life.user@acme.io`).send({ role: 'admin' }).expect(200);
    expect(changed.body).toMatchObject({ role: 'admin', active: true });

    // Reconnect: a new token, the IdP finds its users and is the source of truth again.
    const reconnected = await env().admin('post', `/accounts/${accountId}/directory/connect`).send({}).expect(201);
    expect(reconnected.body).toMatchObject({ directoryId: connected.body.directoryId, status: 'pending' });
    await idp2.get('/Users').expect(401);
    const idp3 = env().scim(reconnected.body.token);
    const found = await idp3.get(`/Users?filter=${encodeURIComponent('userName eq "life.user@acme.io"')}`).expect(200);
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([user]);
    await idp3.patch(`/Users/${user}`, entraPatch([{ op: 'replace', path: 'title', value: 'Back' }])).expect(200);
    expect((await env().members(accountId))[0]).toMatchObject({ role: 'support', managedByDirectory: true });
    await eventually(async () =>
      expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body.status).toBe('connected'),
    );
  });

  it('authenticates the admin API with the admin token only', async () => {
    const { accountId, token } = await env().connectedAccount();
    await env().http.get(`/admin/accounts/${accountId}/members`).expect(401);
    await env().http.get(`/admin/accounts/${accountId}/members`).set('Authorization', 'Bearer wrong-token-wrong-token').expect(401);
    const scimTokenOnAdmin = await env()
      .http.get(`/admin/accounts/${accountId}/members`)
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(scimTokenOnAdmin.body.error.code).toBe('unauthorized');
    await env().http.get('/scim/v2/Users').set('Authorization', `Bearer ${env().adminToken}`).expect(401);
  });

  it("keeps each directory's groups to itself", async () => {
    const a = await env().connectedAccount();
    const b = await env().connectedAccount();
    const groupB = (await env().scim(b.token).post('/Groups', oktaCreateGroup('B only')).expect(201)).body.id as string;
    await env().scim(a.token).get(`/Groups/${groupB}`).expect(404);
    await env().scim(a.token).delete(`/Groups/${groupB}`).expect(404);
    expect((await env().scim(a.token).get('/Groups').expect(200)).body.totalResults).toBe(0);
    const userA = (await env().scim(a.token).post('/Users', oktaCreateUser('a.only@acme.io')).expect(201)).body.id as string;
    // A group of B cannot take A's user as a member: the id is skipped like any unknown one.
    await env()
      .scim(b.token)
      .patch(`/Groups/${groupB}`, entraPatch([{ op: 'add', path: 'members', value: [{ value: userA }] }]))
      .expect(204);
    expect((await env().scim(b.token).get(`/Groups/${groupB}`).expect(200)).body.members).toEqual([]);
    expect(await env().db('group_memberships').where({ user_id: userA })).toEqual([]);
  });
});

describe('freeze under load (rule 6)', () => {
  it('applies every 2xx, nothing after the fence, and nothing more while the IdP keeps sending', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    interface Sent {
      kind: 'create' | 'patch';
      email: string;
      title?: string;
      started: number;
      answered: number;
      status: number;
    }
    const sent: Sent[] = [];
    let stop = false;
    const simulate = async (worker: number) => {
      for (let n = 0; !stop; n += 1) {
        const email = `load${worker}.${n}@acme.io`;
        let started = Date.now();
        const created = await idp.post('/Users', oktaCreateUser(email));
        sent.push({ kind: 'create', email, started, answered: Date.now(), status: created.status });
        if (created.status !== 201) {
          await sleep(20);
          continue;
        }
        for (const title of ['first', 'second']) {
          started = Date.now();
          const patched = await idp.patch(`/Users/${created.body.id}`, entraPatch([{ op: 'replace', path: 'title', value: title }]));
          sent.push({ kind: 'patch', email, title, started, answered: Date.now(), status: patched.status });
        }
      }
    };
    const snapshot = async () => ({
      members: await env()
        .db('members')
        .where({ account_id: accountId })
        .orderBy('email')
        .select('email', 'role', 'active', 'name', 'updated_at'),
      users: await env()
        .db('scim_users')
        .where({ directory_id: directoryId })
        .orderBy('user_name')
        .select('user_name', 'attributes', 'version', 'updated_at'),
    });
    const simulators = Array.from({ length: 6 }, (_, i) => simulate(i));
    let disconnectedFrom = 0;
    let frozenAt = 0;
    let first: Awaited<ReturnType<typeof snapshot>> | undefined;
    // When the freeze transaction began (its now()); it commits once no apply transaction holds the fence.
    let freezeBegan = 0;
    // A failed check must not leave the simulators sending (jest would never exit).
    try {
      // Disconnect once changes are being applied, so the checks below run over a real load.
      await eventually(async () => {
        expect(sent.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(6);
        expect(sent.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
      });
      disconnectedFrom = Date.now();
      const disconnect = await env().admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);
      frozenAt = Date.now();
      expect(disconnect.body.status).toBe('disconnected');
      freezeBegan = Date.parse(disconnect.body.frozenAt);
      first = await snapshot();
      for (let check = 0; check < 3; check += 1) {
        await sleep(400);
        // (a) identical at every later check while the IdP keeps sending.
        expect(await snapshot()).toEqual(first);
      }
    } finally {
      stop = true;
      await Promise.all(simulators);
    }

    // The load was real: creates and PATCHes were applied before the disconnect was asked for, and
    // requests sent before the freeze transaction began were answered after it began (in flight
    // across it, so the fence's lock, not authentication, decided them).
    expect(sent.filter((r) => r.status === 201 && r.answered < disconnectedFrom).length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.status === 200 && r.answered < disconnectedFrom).length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.started < freezeBegan && r.answered > freezeBegan).length).toBeGreaterThan(0);

    const users = new Map(first!.users.map((u) => [u.user_name as string, u.attributes as { title?: string }]));
    expect(sent.length).toBeGreaterThan(20);
    for (const request of sent) expect([200, 201, 401]).toContain(request.status);
    for (const request of sent.filter((r) => r.kind === 'create')) {
      // (b) every 201 is there; (c) nothing refused is.
      expect(users.has(request.email)).toBe(request.status === 201);
    }
    for (const [email, attributes] of users) {
      const lastApplied = sent.filter((r) => r.kind === 'patch' && r.email === email && r.status === 200).pop();
      expect(attributes.title).toBe(lastApplied?.title);
    }
    // (d) everything sent after the freeze was refused.
    const afterFreeze = sent.filter((r) => r.started > frozenAt);
    expect(afterFreeze.length).toBeGreaterThan(0);
    expect(afterFreeze.every((r) => r.status === 401)).toBe(true);
    expect(first!.members.length).toBe(sent.filter((r) => r.kind === 'create' && r.status === 201).length);
  });
});

describe('user workflows started by role propagation', () => {
  it('carry the directory search attributes, so a disconnect finds and stops them', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const userId = (await idp.post('/Users', oktaCreateUser('propagated@acme.io')).expect(201)).body.id as string;
    // The user's workflow is gone (as after a terminate by an operator): the group change below starts it by signal.
    await env().client.workflow.getHandle(userWorkflowId(directoryId, userId)).terminate('test: gone');
    await idp.post('/Groups', { displayName: 'knock-role-admin', members: [{ value: userId }] }).expect(201);
    await eventually(async () => expect((await env().members(accountId))[0]).toMatchObject({ email: 'propagated@acme.io', role: 'admin' }));

    const running = async () => {
      const ids: string[] = [];
      const query = `DsyncDirectoryId = '${directoryId}' AND WorkflowType = 'provisionUser' AND ExecutionStatus = 'Running'`;
      for await (const execution of env().client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    };
    await eventually(async () => expect(await running()).toEqual([userWorkflowId(directoryId, userId)]));
    const disconnected = await env().admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);
    expect(disconnected.body.stopped.users).toBe(1);
    await eventually(async () => expect(await running()).toEqual([]));
  });
});
