import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';
import { oktaCreateGroup, oktaCreateUser, oktaDeactivate, PATCH_OP } from '../fixtures/idp-requests';

const env = useTestEnv();

interface Event {
  cursor: string;
  at: string;
  kind: string;
  kinds: string[];
  workflowId: string | null;
  summary: string;
  email?: string;
  role?: { from?: string; to: string; cause?: { changeId: string; kind?: string; description: string; workflowId?: string } };
  group?: { name?: string; nameBefore?: string; membersAdded?: number; membersRemoved?: number };
  failure?: { status: number; scimType?: string; message: string };
}
interface Page {
  events: Event[];
  next: string;
  hasMore: boolean;
}

async function page(accountId: string, query = ''): Promise<Page> {
  const response = await env().admin('get', `/accounts/${accountId}/events${query}`);
  if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Page;
}

/** Every event, a page of `limit` at a time, following `next` while `hasMore`. */
async function allEvents(accountId: string, limit: number, extra = ''): Promise<Event[]> {
  const events: Event[] = [];
  let after = '';
  for (let i = 0; i < 1000; i++) {
    const got = await page(accountId, `?limit=${limit}${after ? `&after=${after}` : ''}${extra}`);
    events.push(...got.events);
    after = got.next;
    if (!got.hasMore) return events;
  }
  throw new Error('the feed never ended');
}

describe('events feed (GET /admin/accounts/:id/events)', () => {
  it('tells a directory life, oldest first, with workflow ids, role changes and their causes, and failures', async () => {
    const { accountId, token, directoryId } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    await idp.get('/Users').expect(200);
    // The first request marks the directory connected asynchronously (the connect workflow): wait, so the order below is fixed.
    await eventually(async () =>
      expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body.status).toBe('connected'),
    );
    const alice = (await idp.post('/Users', oktaCreateUser('alice@feed.io')).expect(201)).body.id as string;
    const bob = (await idp.post('/Users', oktaCreateUser('bob@feed.io')).expect(201)).body.id as string;
    const group = (await idp.post('/Groups', oktaCreateGroup('Engineers')).expect(201)).body.id as string;
    await idp
      .patch(`/Groups/${group}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: alice }] }] })
      .expect(204);
    await env()
      .admin('put', `/accounts/${accountId}/role-mappings`)
      .send([{ group: 'Engineers', role: 'admin' }])
      .expect(200);
    await eventually(async () => expect((await env().members(accountId)).find((m) => m.email === 'alice@feed.io')?.role).toBe('admin'));
    await idp
      .patch(`/Groups/${group}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { displayName: 'knock-role-owner' } }] })
      .expect(204);
    await eventually(async () => expect((await env().members(accountId)).find((m) => m.email === 'alice@feed.io')?.role).toBe('owner'));
    await idp.patch(`/Users/${bob}`, oktaDeactivate).expect(200);
    // A stale If-Match is refused inside the change's transaction: recorded as a failed change.
    await idp
      .patch(`/Users/${bob}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] })
      .set('If-Match', 'W/"99"')
      .expect(412);
    await idp.delete(`/Users/${bob}`).expect(204);
    await env().admin('post', `/accounts/${accountId}/directory/rotate-token`).expect(200);
    await env().admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);

    const events = await eventually(async () => {
      const all = await allEvents(accountId, 100);
      expect(all.map((e) => e.kind)).toContain('directory.disconnected');
      return all;
    });
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual([
      'directory.pending',
      'directory.connected',
      'user.created',
      'user.created',
      'group.created',
      'membership.changed',
      'mappings.changed',
      'role.changed',
      'group.renamed',
      'role.changed',
      'user.deactivated',
      'change.failed',
      'user.deleted',
      'directory.token-rotated',
      'directory.disconnected',
    ]);
    const at = events.map((e) => Date.parse(e.at));
    expect([...at].sort((a, b) => a - b)).toEqual(at);

    const byKind = (kind: string, n = 0) => events.filter((e) => e.kind === kind)[n]!;
    expect(byKind('directory.pending').workflowId).toMatch(new RegExp(`^connect-directory:${accountId}:`));
    expect(byKind('directory.connected').workflowId).toBe(byKind('directory.pending').workflowId);
    expect(byKind('user.created')).toMatchObject({ email: 'alice@feed.io', workflowId: `scim-user:${directoryId}:${alice}` });
    expect(byKind('membership.changed')).toMatchObject({ group: { name: 'Engineers', membersAdded: 1, membersRemoved: 0 } });
    expect(byKind('mappings.changed').workflowId).toMatch(new RegExp(`^role-mappings:${accountId}:`));
    expect(byKind('role.changed', 0)).toMatchObject({
      email: 'alice@feed.io',
      workflowId: `scim-user:${directoryId}:${alice}`,
      role: {
        from: 'support',
        to: 'admin',
        cause: { kind: 'mappings.changed', description: expect.stringMatching(/role mappings changed: engineers/) },
      },
    });
    expect(byKind('group.renamed')).toMatchObject({ group: { name: 'knock-role-owner', nameBefore: 'Engineers' } });
    expect(byKind('role.changed', 1)).toMatchObject({
      role: { from: 'admin', to: 'owner', cause: { kind: 'group.renamed', workflowId: `scim-group:${directoryId}:${group}` } },
    });
    expect(byKind('role.changed', 1).summary).toMatch(
      /alice@feed\.io: role admin → owner \(group 'knock-role-owner' renamed from 'Engineers'\)/,
    );
    // bob was deleted afterwards: his trail names his SCIM id, never his email, and keeps what happened.
    expect(byKind('user.deactivated').summary).toBe(`SCIM user ${bob} deactivated (access revoked)`);
    expect(byKind('change.failed')).toMatchObject({
      workflowId: `scim-user:${directoryId}:${bob}`,
      failure: { status: 412, message: expect.any(String) },
    });
    // A deleted user's trail keeps ids and actions, not its email (docs/product-rules.md rule 1).
    expect(byKind('user.deleted').email).toBeUndefined();
    expect(byKind('directory.disconnected').workflowId).toMatch(new RegExp(`^disconnect-directory:${accountId}:`));

    // Small pages give the same events, in the same order; the end answers nothing new and the same cursor.
    expect((await allEvents(accountId, 2)).map((e) => e.cursor)).toEqual(events.map((e) => e.cursor));
    const last = events.at(-1)!.cursor;
    expect(await page(accountId, `?after=${last}`)).toEqual({ events: [], next: last, hasMore: false });
    const firstTwo = await page(accountId, '?limit=2');
    expect(firstTwo).toMatchObject({ hasMore: true, next: events[1]!.cursor });

    // Filters: by member (email, any case) and by kind (an event matches every kind it has).
    const aliceEvents = await allEvents(accountId, 100, '&member=ALICE@feed.io');
    expect(aliceEvents.map((e) => e.kind)).toEqual(['user.created', 'role.changed', 'role.changed']);
    expect((await allEvents(accountId, 3, '&kind=role.changed')).map((e) => e.role?.to)).toEqual(['admin', 'owner']);
    expect((await allEvents(accountId, 100, '&kind=membership.changed')).map((e) => e.group?.name)).toEqual(['Engineers']);
    expect((await allEvents(accountId, 100, '&kind=change.failed')).length).toBe(1);
    expect(await page(accountId, '?member=nobody@feed.io')).toMatchObject({ events: [], hasMore: false });
  });

  it('refuses a bad cursor, limit or kind with a clear 400, and shows one account nothing of another', async () => {
    const one = await env().connectedAccount('okta');
    const other = await env().connectedAccount('okta');
    await env().scim(other.token).post('/Users', oktaCreateUser('other@feed.io')).expect(201);
    for (const query of [
      '?after=bm9wZQ',
      '?after=../../etc',
      '?limit=0',
      '?limit=501',
      '?kind=user.hacked',
      '?limit=x',
      '?after=a&after=b',
    ]) {
      const refused = await env().admin('get', `/accounts/${one.accountId}/events${query}`).expect(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_request', message: expect.any(String) });
    }
    // The feed shows a row once every transaction older than it has ended (other test files write too).
    await eventually(async () => expect((await allEvents(one.accountId, 100)).map((e) => e.kind)).toEqual(['directory.pending']));
    // A cursor of another account's feed reads this account's rows after that position, never the other's.
    const theirs = await eventually(async () => {
      const events = await allEvents(other.accountId, 100);
      expect(events.map((e) => e.kind)).toContain('user.created');
      return events;
    });
    const fromTheirs = await page(one.accountId, `?after=${theirs[0]!.cursor}`);
    expect(fromTheirs.events.every((e) => !e.email)).toBe(true);
    await env().admin('get', '/accounts/no-such-account/events').expect(404);
    await env().http.get(`/admin/accounts/${one.accountId}/events`).expect(401);
  });

  it('never skips a change that commits after a later one: the feed waits for the earlier transaction', async () => {
    const { accountId } = await env().connectedAccount('okta');
    // The connect row shows once every older transaction in the cluster has ended (other files write too).
    const start = await eventually(async () => {
      const first = await page(accountId);
      expect(first.events.map((event) => event.kind)).toContain('directory.pending');
      return first;
    });
    const row = (changeId: string) => ({
      change_id: changeId,
      account_id: accountId,
      subject_type: 'account' as const,
      subject_id: accountId,
      action: 'role-mappings',
      details: JSON.stringify({ changedGroups: [changeId] }),
      outcome: JSON.stringify({}),
    });
    const early = `early-${randomUUID()}`;
    const late = `late-${randomUUID()}`;
    let commitEarly!: () => void;
    let inserted!: () => void;
    const held = new Promise<void>((resolve) => (commitEarly = resolve));
    const earlyInserted = new Promise<void>((resolve) => (inserted = resolve));
    // The early change's transaction takes its id first, then stays open while the late one commits.
    const earlyTx = env().db.transaction(async (tx) => {
      await tx('audit_log').insert(row(early));
      inserted();
      await held;
    });
    try {
      await earlyInserted;
      await env().db('audit_log').insert(row(late));
      // The late row is committed, but the feed does not hand it out while the early one may still commit before it.
      const meanwhile = await page(accountId, `?after=${start.next}`);
      expect(meanwhile).toEqual({ events: [], next: start.next, hasMore: false });
    } finally {
      commitEarly();
      await earlyTx;
    }
    const after = await eventually(async () => {
      const got = await page(accountId, `?after=${start.next}`);
      expect(got.events).toHaveLength(2);
      return got;
    });
    expect(after.events.map((e) => e.summary)).toEqual([
      `Role mappings replaced (changed: ${early})`,
      `Role mappings replaced (changed: ${late})`,
    ]);
  });
});
