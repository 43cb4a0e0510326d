import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import knex from 'knex';
import request from 'supertest';
import { buildHttpApp } from '../../src/bootstrap/http-app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/infra/logger';
import { entraPatch, oktaCreateUser } from '../fixtures/idp-requests';
import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';

/**
 * docs/product-rules.md, Hostile identity providers: secrets (directory tokens, passwords, the admin token) never enter workflow
 * history or logs. The worker logs at DEBUG into `workerLog`, the API at debug into `apiLog`; an
 * IdP session sends passwords every way SCIM allows, support connects and rotates; then every
 * history of this file's task queue, decoded, and every log line are searched for each secret.
 */
const workerLog: string[] = [];
const captureWorkerLog = (entry: LogEntry) => workerLog.push(JSON.stringify({ ...entry, timestampNanos: String(entry.timestampNanos) }));
const env = useTestEnv({ runtimeLogger: new DefaultLogger('DEBUG', captureWorkerLog) });

// knex reports a failed connection attempt itself; the test reads the app's log, not knex's.
const QUIET = { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined };

/**
 * A history as text with every payload decoded: the client gives payload bytes base64-encoded
 * (`data`), and this env has no encryption, so decoded they are the JSON the workflow saw.
 */
function historyText(events: temporal.api.history.v1.IHistoryEvent[]): string {
  return JSON.stringify(events, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
    return key === 'data' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value;
  });
}

it('keeps tokens and passwords out of every workflow history and every log line', async () => {
  const apiLog: string[] = [];
  const config = loadConfig('embedded', { TEMPORAL_TASK_QUEUE: env().taskQueue });
  const app = buildHttpApp({
    config,
    db: env().db,
    client: env().client,
    adminToken: env().adminToken,
    logger: createLogger('debug', (line) => apiLog.push(line)),
  });
  const http = request(app.callback());
  const admin = (method: 'post' | 'get', path: string) => http[method](`/admin${path}`).set('Authorization', `Bearer ${env().adminToken}`);
  const scim = (token: string, method: 'post' | 'put' | 'patch', path: string, body: unknown) =>
    http[method](`/scim/v2${path}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify(body));
  const passwords = Array.from({ length: 4 }, () => `Pw-${randomUUID()}`);

  const accountId = `acct-${randomUUID().slice(0, 8)}`;
  await admin('post', '/accounts').send({ id: accountId, name: 'Secrets' }).expect(201);
  const connected = (await admin('post', `/accounts/${accountId}/directory/connect`).send({ provider: 'okta' }).expect(201)).body as {
    token: string;
  };
  const first = connected.token;
  const user = (await scim(first, 'post', '/Users', { ...oktaCreateUser('secret.holder@acme.io'), password: passwords[0] }).expect(201))
    .body as Record<string, unknown>;
  await scim(first, 'put', `/Users/${String(user.id)}`, {
    ...oktaCreateUser('secret.holder@acme.io', { title: 'Put' }),
    password: passwords[1],
  }).expect(200);
  await scim(first, 'patch', `/Users/${String(user.id)}`, entraPatch([{ op: 'replace', path: 'password', value: passwords[2] }])).expect(
    200,
  );
  await scim(first, 'post', '/Bulk', {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
    Operations: [
      { method: 'POST', path: '/Users', bulkId: 'b1', data: { ...oktaCreateUser('bulk.secret@acme.io'), password: passwords[3] } },
    ],
  }).expect(200);
  const second = ((await admin('post', `/accounts/${accountId}/directory/rotate-token`).send({}).expect(200)).body as { token: string })
    .token;
  // The old token is refused now; a refusal must not log what was presented either.
  await scim(first, 'post', '/Users', oktaCreateUser('late@acme.io')).expect(401);
  await http.get('/scim/v2/Users').set('Authorization', `Bearer ${second}`).expect(200);
  // An unexpected failure is logged with its cause: here a database that does not exist.
  const infra = JSON.parse(process.env.DSYNC_TEST_INFRA!) as { postgresUrl: string };
  const brokenUrl = new URL(infra.postgresUrl);
  brokenUrl.pathname = '/dsync_no_such_database';
  const broken = knex({ client: 'pg', connection: brokenUrl.toString(), pool: { min: 0, max: 1 }, log: QUIET });
  try {
    const failing = buildHttpApp({
      config,
      db: broken,
      client: env().client,
      adminToken: env().adminToken,
      logger: createLogger('debug', (line) => apiLog.push(line)),
    });
    await request(failing.callback()).get('/scim/v2/Users').set('Authorization', `Bearer ${second}`).expect(500);
  } finally {
    await broken.destroy();
  }

  const secrets = [first, second, env().adminToken, ...passwords];
  const histories: Array<[string, string]> = [];
  await eventually(async () => {
    histories.length = 0;
    for await (const execution of env().client.workflow.list({ query: `TaskQueue = "${env().taskQueue}"` })) {
      const history = await env().client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      histories.push([execution.workflowId, historyText(history.events ?? [])]);
    }
    // Connect, two users, the rotation: the search is not over an empty set.
    expect(histories.length).toBeGreaterThanOrEqual(4);
  });
  // The decoding works: what is not secret is there in clear.
  expect(histories.some(([, text]) => text.includes('secret.holder@acme.io'))).toBe(true);
  expect(apiLog.some((line) => line.includes('request failed'))).toBe(true);
  expect(workerLog.length).toBeGreaterThan(0);

  // Every place each secret was found, at once (the diff of a failure names them all).
  const leaks = secrets.map((secret) => ({
    histories: histories.filter(([, text]) => text.includes(secret)).map(([id]) => id),
    apiLog: apiLog.filter((line) => line.includes(secret)),
    workerLog: workerLog.filter((line) => line.includes(secret)),
  }));
  expect(leaks).toEqual(secrets.map(() => ({ histories: [], apiLog: [], workerLog: [] })));
  // Nor in the database's own trail (a SCIM user row or the audit log).
  const stored = JSON.stringify([
    await env().db('scim_users').select('attributes'),
    await env().db('audit_log').where({ account_id: accountId }).select('details', 'outcome'),
  ]);
  for (const secret of secrets) expect(stored.includes(secret)).toBe(false);
});
