import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { buildHttpApp } from '../../../src/bootstrap/http-app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/infra/logger';
import { oktaCreateUser } from '../../fixtures/idp-requests';
import { useTestEnv } from '../../support/test-env';

const env = useTestEnv();

// Nothing listens on port 1: every call this gateway makes meets an unreachable Temporal.
const UNREACHABLE = '127.0.0.1:1';

/** The same API over the same database, but with a Temporal that cannot be reached. */
function appWithoutTemporal() {
  const connection = Connection.lazy({ address: UNREACHABLE });
  const config = loadConfig('embedded', { TEMPORAL_TASK_QUEUE: env().taskQueue, TEMPORAL_CALL_TIMEOUT_MS: '3000' });
  const app = buildHttpApp({
    config,
    db: env().db,
    client: new Client({ connection }),
    adminToken: env().adminToken,
    logger: createLogger('error', () => undefined),
  });
  return { http: request(app.callback()), close: () => connection.close() };
}

describe('every API call to Temporal goes through one gateway', () => {
  it('answers 503 with Retry-After, never naming the address, for SCIM writes and every admin write', async () => {
    const { accountId, token } = await env().connectedAccount();
    const outage = appWithoutTemporal();
    try {
      const responses: Array<[string, request.Response]> = [
        [
          'create user',
          await outage.http
            .post('/scim/v2/Users')
            .set('Authorization', `Bearer ${token}`)
            .set('Content-Type', 'application/scim+json')
            .send(oktaCreateUser('outage@example.com')),
        ],
        [
          'rotate',
          await outage.http
            .post(`/admin/accounts/${accountId}/directory/rotate-token`)
            .set('Authorization', `Bearer ${env().adminToken}`)
            .send({}),
        ],
        [
          'disconnect',
          await outage.http
            .post(`/admin/accounts/${accountId}/directory/disconnect`)
            .set('Authorization', `Bearer ${env().adminToken}`)
            .send({}),
        ],
        [
          'mappings',
          await outage.http
            .put(`/admin/accounts/${accountId}/role-mappings`)
            .set('Authorization', `Bearer ${env().adminToken}`)
            .send([{ group: 'Eng', role: 'admin' }]),
        ],
        [
          'invite',
          await outage.http
            .post(`/admin/accounts/${accountId}/invites`)
            .set('Authorization', `Bearer ${env().adminToken}`)
            .send({ email: 'new@example.com', role: 'member' }),
        ],
      ];
      for (const [call, response] of responses) {
        expect({ call, status: response.status }).toEqual({ call, status: 503 });
        expect(response.headers['retry-after']).toMatch(/^\d+$/);
        expect(JSON.stringify(response.body)).not.toContain(UNREACHABLE);
      }
    } finally {
      await outage.close();
    }
    // The real deployment was never touched: the directory still works as before.
    await env().scim(token).get('/Users').expect(200);
  });
});
