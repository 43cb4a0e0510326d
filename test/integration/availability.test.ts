import type { Client } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import request from 'supertest';
import { buildHttpApp } from '../../src/bootstrap/http-app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/infra/logger';
import { entraPatch, oktaCreateUser } from '../fixtures/idp-requests';
import { eventually } from '../support/eventually';
import { databaseUrl } from '../support/infra';
import { useTestEnv } from '../support/test-env';

const env = useTestEnv();

/**
 * The API's answers when something it depends on is not there: not started yet, the database
 * down or broken, Temporal slower than the deadline. Each app is built by the production
 * `buildHttpApp`, over the test's Temporal and either its database or a broken one.
 */
function appOver(db: Knex, options: { settings?: Record<string, string>; isReady?: () => boolean; client?: Client } = {}) {
  const lines: string[] = [];
  const config = loadConfig('embedded', { TEMPORAL_TASK_QUEUE: env().taskQueue, ...options.settings });
  const app = buildHttpApp({
    config,
    db,
    client: options.client ?? env().client,
    adminToken: env().adminToken,
    logger: createLogger('debug', (line) => lines.push(line)),
    ...(options.isReady ? { isReady: options.isReady } : {}),
  });
  return { http: request(app.callback()), lines };
}

// knex reports a failed connection attempt itself; what matters here is the app's answer.
const QUIET = { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined };
const knexAt = (connection: string) =>
  knex({ client: 'pg', connection, pool: { min: 0, max: 2 }, acquireConnectionTimeout: 5000, log: QUIET });

it('/healthz answers 503 until the service says it is ready, then 200', async () => {
  let ready = false;
  const { http } = appOver(env().db, { isReady: () => ready });
  const starting = await http.get('/healthz').expect(503);
  expect(starting.body).toEqual({ status: 'starting' });
  ready = true;
  expect((await http.get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
});

it('answers 503 with Retry-After when the database cannot be reached, naming nothing of it', async () => {
  const { token } = await env().connectedAccount();
  // Nothing listens on port 1: every query meets a refused connection.
  const down = knexAt('postgres://dsync:secret-password@127.0.0.1:1/dsync');
  try {
    const { http } = appOver(down);
    const responses = [
      await http.get('/scim/v2/Users').set('Authorization', `Bearer ${token}`),
      await http.get('/admin/accounts/whatever/directory').set('Authorization', `Bearer ${env().adminToken}`),
    ];
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|secret-password|ECONNREFUSED/);
    }
  } finally {
    await down.destroy();
  }
});

it('masks an unexpected error as a 500 carrying an error id that the log has, without a stack or SQL', async () => {
  const { token } = await env().connectedAccount();
  // A database that does not exist: SQLSTATE 3D000 is neither "unavailable" nor "bad request",
  // so it is the unexpected failure the error middleware must mask.
  const infra = JSON.parse(process.env.DSYNC_TEST_INFRA!) as { postgresUrl: string };
  const broken = knexAt(databaseUrl(infra.postgresUrl, 'dsync_no_such_database'));
  try {
    const { http, lines } = appOver(broken);
    const scim = await http.get('/scim/v2/Users').set('Authorization', `Bearer ${token}`).expect(500);
    const admin = await http.get('/admin/accounts/whatever/members').set('Authorization', `Bearer ${env().adminToken}`).expect(500);
    const scimId = /^Internal error ([0-9a-f-]{36})$/.exec(scim.body.detail)?.[1];
    const adminId = /^Internal error ([0-9a-f-]{36})$/.exec(admin.body.error.message)?.[1];
    expect(scimId).toBeDefined();
    expect(adminId).toBeDefined();
    expect(scim.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500' });
    for (const body of [JSON.stringify(scim.body), JSON.stringify(admin.body)]) {
      expect(body).not.toMatch(/\bat .+:\d+:\d+|select |dsync_no_such_database|3D000/i);
    }
    // The operator can find each failure by its id, with the cause.
    const logged = lines.map((line) => JSON.parse(line) as { level: string; errorId?: string; error?: string });
    for (const id of [scimId, adminId]) {
      const entry = logged.find((l) => l.errorId === id);
      expect(entry).toMatchObject({ level: 'error', error: expect.stringContaining('3D000') });
    }
  } finally {
    await broken.destroy();
  }
});

it('answers 503 to a write Temporal has not confirmed by the deadline, and applies it later', async () => {
  const { token } = await env().connectedAccount();
  const id = (await env().scim(token).post('/Users', oktaCreateUser('slow.write@acme.io')).expect(201)).body.id as string;
  // The same API with a 1 s deadline (the default, 25 s, is under IdPs' 30 s).
  const { http } = appOver(env().db, { settings: { TEMPORAL_CALL_TIMEOUT_MS: '1000' } });
  const held = await env().db.transaction();
  try {
    // The change's transaction waits on this row lock for longer than the deadline.
    await held('scim_users').where({ id }).forUpdate().first('id');
    const started = Date.now();
    const response = await http
      .patch(`/scim/v2/Users/${id}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify(entraPatch([{ op: 'replace', path: 'title', value: 'Applied later' }])));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Not applied while the lock holds: the 503 told the truth ("not confirmed"), not a failure.
    expect((await env().db('scim_users').where({ id }).first('attributes'))!.attributes.title).toBeUndefined();
  } finally {
    await held.commit();
  }
  // The workflow still has the change and applies it once the lock is gone.
  await eventually(async () => expect((await env().scim(token).get(`/Users/${id}`).expect(200)).body.title).toBe('Applied later'));
});
