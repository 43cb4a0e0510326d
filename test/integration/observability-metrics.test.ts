import { ROUTE_LABELS } from '../../src/http/route-label';
import { createLogger } from '../../src/infra/logger';
import { temporalLogger } from '../../src/infra/temporal-runtime';
import { filterQuery, oktaCreateUser } from '../fixtures/idp-requests';
import { delta, labelValues, parseScrape, series } from '../support/prometheus-text';
import { useTestEnv } from '../support/test-env';

/**
 * GET /metrics as an operator scrapes it, read before and after a known burst of IdP traffic: every
 * counter moves by exactly the requests sent, histogram counts match the counters, and labels
 * stay bounded (route patterns, never ids, paths or emails). Log lines are captured from the API's
 * logger and the worker's (the SDK's, routed through the same adapter as production).
 */
const lines: Array<Record<string, unknown>> = [];
const capture = (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>);
const env = useTestEnv({
  metrics: true,
  logger: createLogger('info', capture),
  runtimeLogger: temporalLogger(createLogger('debug', capture)),
});

const requests = (method: string, route: string, status: number) =>
  series('dsync_http_requests_total', { method, route, status: String(status) });
const durations = (method: string, route: string, status: number) =>
  series('dsync_http_request_duration_seconds_count', { method, route, status: String(status) });
const patchTitle = (title: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'title', value: title }],
});

describe('GET /metrics', () => {
  it('counts each request once, under its route pattern and answered status, with bounded labels', async () => {
    const { token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const before = parseScrape(await env().scrapeMetrics());

    const emails = ['ada@metrics.test', 'grace@metrics.test', 'edsger@metrics.test'];
    const ids: string[] = [];
    for (const email of emails) ids.push((await idp.post('/Users', oktaCreateUser(email)).expect(201)).body.id as string);
    await idp.get(`/Users/${ids[0]}`).expect(200);
    await idp.get(`/Users/${ids[1]}`).expect(200);
    await idp.get('/Users/00000000-0000-4000-8000-000000000000').expect(404);
    await idp.get(`/Users${filterQuery(`userName eq "${emails[2]}"`)}`).expect(200);
    await idp.patch(`/Users/${ids[2]}`, patchTitle('Engineer')).expect(200);
    // Rejected by the workflow's activity (a stale ETag): a 412 and a `rejected` change.
    await idp.patch(`/Users/${ids[2]}`, patchTitle('Manager')).set('If-Match', 'W/"7"').expect(412);
    // Junk: the paths must not become label values.
    await idp.get(`/Users/${ids[0]}/extra/segments`).expect(404);
    await env().http.get('/wp-login.php').expect(404);
    await env().http.get(`/scim/v2/Users/${ids[0]}`).expect(401);

    const text = await env().scrapeMetrics();
    const after = parseScrape(text);
    const moved = (key: string) => delta(before, after, key);

    expect({
      creates: moved(requests('POST', '/scim/v2/Users', 201)),
      reads: moved(requests('GET', '/scim/v2/Users/:id', 200)),
      notFound: moved(requests('GET', '/scim/v2/Users/:id', 404)),
      unauthenticated: moved(requests('GET', '/scim/v2/Users/:id', 401)),
      lookups: moved(requests('GET', '/scim/v2/Users', 200)),
      patches: moved(requests('PATCH', '/scim/v2/Users/:id', 200)),
      stale: moved(requests('PATCH', '/scim/v2/Users/:id', 412)),
      junk: moved(requests('GET', 'unmatched', 404)),
    }).toEqual({ creates: 3, reads: 2, notFound: 1, unauthenticated: 1, lookups: 1, patches: 1, stale: 1, junk: 2 });

    // Every request sent is counted once, in the counter and in the histogram alike.
    const total = (scrape: typeof after, name: string) =>
      [...scrape.entries()].filter(([key]) => key.startsWith(`${name}{`)).reduce((sum, [, value]) => sum + value, 0);
    expect(total(after, 'dsync_http_requests_total') - total(before, 'dsync_http_requests_total')).toBe(12);
    expect(total(after, 'dsync_http_request_duration_seconds_count') - total(before, 'dsync_http_request_duration_seconds_count')).toBe(12);
    expect(moved(durations('POST', '/scim/v2/Users', 201))).toBe(3);
    expect(moved(durations('GET', 'unmatched', 404))).toBe(2);
    // The +Inf bucket holds every observation.
    expect(
      moved(series('dsync_http_request_duration_seconds_bucket', { le: '+Inf', method: 'POST', route: '/scim/v2/Users', status: '201' })),
    ).toBe(3);

    // Labels: route patterns only; no id, email or path anywhere in the scrape.
    for (const route of labelValues(after, 'dsync_http_requests_total', 'route')) expect(ROUTE_LABELS).toContain(route);
    for (const value of [...ids, ...emails, 'wp-login', 'extra/segments', token]) expect(text).not.toContain(value);

    // The writes: four update-with-start calls answered (three creates, one patch), one refused.
    expect(moved(series('dsync_temporal_update_duration_seconds_count', { outcome: 'ok' }))).toBe(4);
    expect(moved(series('dsync_temporal_update_duration_seconds_count', { outcome: 'rejected' }))).toBe(1);
    expect(moved('dsync_temporal_unavailable_total')).toBe(0);
    expect({
      created: moved(series('dsync_changes_total', { resource: 'user', kind: 'create', outcome: 'applied' })),
      patched: moved(series('dsync_changes_total', { resource: 'user', kind: 'patch', outcome: 'applied' })),
      rejected: moved(series('dsync_changes_total', { resource: 'user', kind: 'patch', outcome: 'rejected' })),
      failed: moved(series('dsync_changes_total', { resource: 'user', kind: 'patch', outcome: 'failed' })),
    }).toEqual({ created: 3, patched: 1, rejected: 1, failed: 0 });
    expect(moved(series('dsync_change_apply_duration_seconds_count', { resource: 'user', outcome: 'applied' }))).toBe(4);
    expect(moved(series('dsync_change_apply_duration_seconds_count', { resource: 'user', outcome: 'rejected' }))).toBe(1);
  });

  it('reports the directories, the outbox and the pools from the database', async () => {
    const scrape = parseScrape(await env().scrapeMetrics());
    // This file's database: the one directory connected by the test above.
    expect(scrape.get(series('dsync_directories', { status: 'connected' }))).toBe(1);
    expect(scrape.get(series('dsync_directories', { status: 'disconnected' }))).toBe(0);
    const queued = Number((await env().db('pending_role_resolutions').count({ count: '*' }))[0]!.count);
    expect(scrape.get('dsync_role_resolutions_pending')).toBe(queued);
    expect(scrape.get(series('dsync_db_pool_connections_max', { pool: 'api' }))).toBe(20);
    expect(scrape.get(series('dsync_db_pool_waiting', { pool: 'worker' }))).toBe(0);
    expect(scrape.get('process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('correlated logs', () => {
  it("a request's lines carry its request id (the caller's when acceptable) and, for a write, its workflow and update ids", async () => {
    const { token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const sent = ['okta-req-1', 'okta-req-2', 'okta-req-3'];
    // Concurrent: each request's lines must carry its own ids, never a neighbour's.
    const answers = await Promise.all(
      sent.map((requestId, i) => idp.post('/Users', oktaCreateUser(`log${i}@metrics.test`)).set('X-Request-Id', requestId)),
    );
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(201);
      expect(answer.headers['x-request-id']).toBe(sent[i]);
      const own = lines.filter((line) => line.requestId === sent[i]);
      expect(own.length).toBeGreaterThanOrEqual(1);
      for (const line of own) {
        expect(line.workflowId).toMatch(new RegExp(`^scim-user:[^:]+:${answer.body.id}$`));
        expect(line.updateId).toMatch(/^[0-9a-f-]{36}$/);
      }
      const access = own.find((line) => line.message === 'request')!;
      expect(access).toMatchObject({ method: 'POST', route: '/scim/v2/Users', status: 201 });
      // The worker's line for the same change: the SDK's workflow and run ids, the change id (= the update id), no request id.
      const change = lines.find((line) => line.message === 'change applied' && line.changeId === access.updateId);
      expect(change).toMatchObject({ workflowId: access.workflowId, resource: 'user', kind: 'create', outcome: 'applied' });
      expect(change!.workflowRunId).toMatch(/^[0-9a-f-]{36}$/);
      expect(change!.requestId).toBeUndefined();
    }
  });

  it('replaces a hostile or oversized request id with its own', async () => {
    for (const hostile of ['a'.repeat(129), 'id with spaces', '"quoted"', 'naïve']) {
      const answer = await env().http.get('/healthz').set('X-Request-Id', hostile).expect(200);
      const issued = answer.headers['x-request-id'] as string;
      expect(issued).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(lines.some((line) => line.requestId === hostile)).toBe(false);
      expect(lines.filter((line) => line.requestId === issued)).toEqual([
        expect.objectContaining({ message: 'request', route: '/healthz' }),
      ]);
    }
  });
});
