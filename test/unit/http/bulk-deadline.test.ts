import type { DirectoryRow } from '../../../src/db/rows';
import { DISCOVERY_SCHEMA } from '../../../src/scim/schemas';
import { BulkEndpoint } from '../../../src/http/scim/endpoints/bulk';
import type { ScimRequest, ScimResponse } from '../../../src/http/scim/request';

const directory: DirectoryRow = {
  id: 'dir-1',
  account_id: 'acct-1',
  provider: 'okta',
  status: 'connected',
  token_id: null,
  token_hash: null,
  token_issued_at: null,
  connect_workflow_id: null,
  connected_at: null,
  frozen_at: null,
  created_at: new Date(0),
  updated_at: new Date(0),
};

function bulkRequest(operations: number, failOnErrors?: number): ScimRequest {
  return {
    directory,
    baseUrl: 'https://example.test/scim/v2',
    method: 'POST',
    path: '/Bulk',
    query: {},
    body: {
      schemas: [DISCOVERY_SCHEMA.bulkRequest],
      ...(failOnErrors ? { failOnErrors } : {}),
      Operations: Array.from({ length: operations }, (_, i) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `b${i}`,
        data: { userName: `u${i}@example.com` },
      })),
    },
  };
}

/** Each operation takes `stepMs` of a fake clock; records which operations ran. */
function fakeService(stepMs: number, status = 201) {
  let now = 0;
  const ran: string[] = [];
  const run = (request: ScimRequest): Promise<ScimResponse> => {
    now += stepMs;
    const userName = (request.body as { userName: string }).userName;
    ran.push(userName);
    return Promise.resolve({ status, body: { id: `id-${userName}` } });
  };
  return { run, ran, now: () => now };
}

describe('Bulk deadline', () => {
  it('answers 503 for every operation not started before the deadline, and never runs them', async () => {
    const service = fakeService(400);
    const endpoint = new BulkEndpoint(service.run, 10, { ms: 1000, now: service.now });
    const response = await endpoint.handle(bulkRequest(5));
    const operations = (response.body as { Operations: Array<{ status: string; bulkId: string; response?: { detail: string } }> })
      .Operations;
    // Started at 0, 400 and 800 ms; at 1200 ms the deadline (1000 ms) has passed.
    expect(service.ran).toEqual(['u0@example.com', 'u1@example.com', 'u2@example.com']);
    expect(operations.map((o) => o.status)).toEqual(['201', '201', '201', '503', '503']);
    expect(operations.map((o) => o.bulkId)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(operations[3]!.response).toMatchObject({ status: '503', detail: expect.stringMatching(/Not attempted/) });
    expect(response.status).toBe(200);
  });

  it('runs everything when the deadline is not reached', async () => {
    const service = fakeService(10);
    const endpoint = new BulkEndpoint(service.run, 10, { ms: 1000, now: service.now });
    const response = await endpoint.handle(bulkRequest(5));
    expect(service.ran).toHaveLength(5);
    expect((response.body as { Operations: Array<{ status: string }> }).Operations.every((o) => o.status === '201')).toBe(true);
  });

  it('still stops at failOnErrors before the deadline comes into play', async () => {
    const service = fakeService(10, 400);
    const endpoint = new BulkEndpoint(service.run, 10, { ms: 1000, now: service.now });
    const response = await endpoint.handle(bulkRequest(5, 2));
    expect(service.ran).toHaveLength(2);
    expect((response.body as { Operations: unknown[] }).Operations).toHaveLength(2);
  });
});
