import { oktaCreateUser } from '../fixtures/idp-requests';
import { ScimError } from '../../src/scim/errors';
import { runListQuery } from '../../src/stores/list-runner';
import { useTestEnv } from '../support/test-env';

/** Advances by 4 s on every reading, so a Bulk request's deadline passes at a known operation. */
const bulkClock = { now: 0, read: () => (bulkClock.now += 4000) };

const RATE = { perSecond: 0.2, burst: 6 };
const env = useTestEnv({ rateLimit: RATE, bulkDeadline: { ms: 10_000, now: () => bulkClock.read() } });

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ONE_MB = 1024 * 1024;

/** Nothing on Object.prototype that was not there when the file started. */
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
}

async function userCount(directoryId: string): Promise<number> {
  const [row] = await env().db('scim_users').where({ directory_id: directoryId }).count<{ count: string }[]>('* as count');
  return Number(row!.count);
}

describe('authentication comes before the body', () => {
  it('answers 401 to an anonymous 1 MB hostile body: it is never read or parsed', async () => {
    const hostile = `{"__proto__":{"polluted":1},"x":${'['.repeat(ONE_MB / 2)}`;
    for (const body of [hostile, 'x'.repeat(ONE_MB + 10)]) {
      const scim = await env().http.post('/scim/v2/Users').set('Content-Type', 'application/scim+json').send(body);
      expect(scim.status).toBe(401);
      expect(scim.body).toMatchObject({ schemas: [SCIM_ERROR], status: '401' });
      const forged = await env()
        .http.post('/scim/v2/Users')
        .set('Authorization', 'Bearer forged')
        .set('Content-Type', 'application/json')
        .send(body);
      expect(forged.status).toBe(401);
      const admin = await env().http.post('/admin/accounts').set('Content-Type', 'application/json').send(body);
      expect(admin.status).toBe(401);
    }
    // Even a type it would refuse is not looked at before the caller is known.
    await env().http.post('/scim/v2/Users').set('Content-Type', 'text/plain').send('hello').expect(401);
    expectPrototypeUntouched();
  });

  it('still answers 413 and 415 once authenticated', async () => {
    const { token } = await env().connectedAccount();
    const tooLarge = await env()
      .scim(token)
      .post('/Users', { userName: 'x'.repeat(ONE_MB) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ schemas: [SCIM_ERROR], status: '413' });
    const wrongType = await env().scim(token).post('/Users', oktaCreateUser('typed@example.com')).set('Content-Type', 'text/plain');
    expect(wrongType.status).toBe(415);
    const admin = await env()
      .admin('post', '/accounts')
      .set('Content-Type', 'application/json')
      .send(`{"id":"big","name":"${'x'.repeat(ONE_MB)}"}`);
    expect(admin.status).toBe(413);
  });
});

describe('hostile JSON', () => {
  it('refuses __proto__ and constructor.prototype keys with a 400, without touching Object.prototype', async () => {
    const { token, directoryId } = await env().connectedAccount();
    const user = JSON.stringify(oktaCreateUser('proto@example.com'));
    const bodies = [
      `{"__proto__":{"polluted":"yes"},${user.slice(1)}`,
      `{"constructor":{"prototype":{"polluted":"yes"}},${user.slice(1)}`,
      `{"\\u005f_proto__":{"polluted":"yes"},${user.slice(1)}`,
      `{"nickName":{"deeper":[{"constructor":{"prototype":{"polluted":"yes"}}}]},${user.slice(1)}`,
      `{"emails":[{"value":"a@example.com","__proto__":{"polluted":"yes"}}],"userName":"nested@example.com"}`,
    ];
    for (const body of bodies) {
      const response = await env()
        .http.post('/scim/v2/Users')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/scim+json')
        .send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body).toMatchObject({ schemas: [SCIM_ERROR], status: '400', scimType: 'invalidValue' });
      expect(response.body.detail).toMatch(/__proto__/);
    }
    const admin = await env()
      .admin('post', '/accounts')
      .set('Content-Type', 'application/json')
      .send('{"id":"proto-acct","name":"P","__proto__":{"polluted":1}}');
    expect(admin.status).toBe(400);
    expect(await userCount(directoryId)).toBe(0);
    expectPrototypeUntouched();
  });

  it('refuses JSON nested deeper than 64 levels with a 400, and accepts ordinary nesting', async () => {
    const { token } = await env().connectedAccount();
    const deep = `{"userName":"deep@example.com","x":${'['.repeat(200)}${']'.repeat(200)}}`;
    const response = await env()
      .http.post('/scim/v2/Users')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/scim+json')
      .send(deep);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [SCIM_ERROR], status: '400', scimType: 'invalidValue' });
    expect(response.body.detail).toMatch(/64 levels/);
    // Brackets inside strings are data, not nesting.
    await env()
      .scim(token)
      .post('/Users', oktaCreateUser('brackets@example.com', { title: '['.repeat(500) }))
      .expect(201);
  });
});

describe('per-directory rate limit', () => {
  it('answers 429 with Retry-After to the tenant over its limit while another tenant carries on', async () => {
    const noisy = await env().connectedAccount();
    const quiet = await env().connectedAccount();
    const noisyIdp = env().scim(noisy.token);
    const quietIdp = env().scim(quiet.token);
    for (let i = 0; i < RATE.burst; i += 1) await noisyIdp.get('/Users').expect(200);

    const [limited, ...others] = await Promise.all([
      noisyIdp.post('/Users', oktaCreateUser('throttled@example.com')),
      quietIdp.get('/Users'),
      quietIdp.post('/Users', oktaCreateUser('quiet@example.com')),
      quietIdp.get('/ServiceProviderConfig'),
    ]);
    expect(limited!.status).toBe(429);
    expect(limited!.body).toMatchObject({ schemas: [SCIM_ERROR], status: '429' });
    expect(limited!.headers['content-type']).toMatch(/application\/scim\+json/);
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(1 / RATE.perSecond));
    expect(others.map((r) => r.status)).toEqual([200, 201, 200]);
    // The refused create was not applied.
    expect(await userCount(noisy.directoryId)).toBe(0);
  });
});

describe('Bulk deadline', () => {
  it('answers 503 for the operations not started before the deadline and applies none of them', async () => {
    const { token, directoryId } = await env().connectedAccount();
    const emails = ['bulk0@example.com', 'bulk1@example.com', 'bulk2@example.com', 'bulk3@example.com'];
    bulkClock.now = 0;
    // Readings: 4 s at the start (deadline 14 s), then 8 s and 12 s before the first two
    // operations, then 16 s: the last two are past the deadline.
    const response = await env()
      .scim(token)
      .post('/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: emails.map((email, i) => ({ method: 'POST', path: '/Users', bulkId: `u${i}`, data: oktaCreateUser(email) })),
      })
      .expect(200);
    const operations = response.body.Operations as Array<{ status: string; bulkId: string; response?: { status: string; detail: string } }>;
    expect(operations.map((o) => [o.bulkId, o.status])).toEqual([
      ['u0', '201'],
      ['u1', '201'],
      ['u2', '503'],
      ['u3', '503'],
    ]);
    expect(operations[2]!.response).toMatchObject({ schemas: [SCIM_ERROR], status: '503' });
    expect(operations[2]!.response!.detail).toMatch(/not attempted/i);

    for (const [i, email] of emails.entries()) {
      const found = await env()
        .scim(token)
        .get(`/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)
        .expect(200);
      expect(found.body.totalResults).toBe(i < 2 ? 1 : 0);
    }
    expect(await userCount(directoryId)).toBe(2);
  });
});

describe("SCIM read timeout (the API pool's session defaults)", () => {
  it('has PostgreSQL cancel a list past SCIM_READ_TIMEOUT_MS, as 400 tooMany', async () => {
    const started = Date.now();
    // A list whose WHERE sleeps: as slow as a client's worst filter, on the API's own pool (5 s).
    const slow = runListQuery(
      env().apiDb,
      (reader) => reader('accounts').whereRaw('(select true from pg_sleep(30))'),
      { page: { startIndex: 1, count: 10 } },
      () => {
        throw new Error('no filter here');
      },
    );
    await expect(slow).rejects.toBeInstanceOf(ScimError);
    await expect(slow).rejects.toMatchObject({ status: 400, scimType: 'tooMany' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('limits only the API pool: the worker pool has no statement timeout', async () => {
    const [api, worker] = await Promise.all([env().apiDb.raw('show statement_timeout'), env().db.raw('show statement_timeout')]);
    expect([api.rows[0].statement_timeout, worker.rows[0].statement_timeout]).toEqual(['5s', '0']);
  });

  it('runs the API read-only, except creating an account', async () => {
    await expect(env().apiDb('accounts').insert({ id: 'read-only-probe', name: 'x' })).rejects.toMatchObject({ code: '25006' });
    await env().admin('post', '/accounts').send({ id: 'read-write-probe', name: 'x' }).expect(201);
  });
});
