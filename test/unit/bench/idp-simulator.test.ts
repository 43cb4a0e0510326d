import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IdpSimulator } from '../../../scripts/bench/idp-simulator';
import { CHAOS_PLAN, verdictOf, type FaultRecord } from '../../../scripts/bench/scenario';

/**
 * The bench's verdict must be able to fail: a request the IdP gives up on is counted (it used to
 * abort the run, so the count was empty by construction), and a fault nobody felt fails the run.
 */
describe('the simulated IdP', () => {
  let server: http.Server;
  let baseUrl: string;
  let creates = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
          response.writeHead(status, { 'Content-Type': 'application/scim+json', ...headers });
          response.end(json === undefined ? '' : JSON.stringify(json));
        };
        if (request.method === 'GET') return send(200, { Resources: [] });
        creates += 1;
        // The first create meets an outage (retried); a refused one is a 400 the IdP gives up on.
        if (creates === 1) return send(503, { status: 503 }, { 'Retry-After': '0' });
        const userName = (JSON.parse(body) as { userName: string }).userName;
        if (userName.startsWith('refused')) return send(400, { status: 400, scimType: 'invalidValue' });
        return send(201, { id: `id-${userName}` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts a refused request as non-retryable, leaves it out of the model, and counts retried outages', async () => {
    const idp = new IdpSimulator({ scimBaseUrl: baseUrl, token: 't', concurrency: 1 });
    const from = Date.now();
    await idp.createUsers(['kept@acme.io', 'refused@acme.io']);
    expect(idp.stats.nonRetryableErrors()).toEqual({ 'create 400': 1 });
    expect([...idp.users.keys()]).toEqual(['kept@acme.io']);
    expect(idp.stats.retriedBetween(from, Date.now() + 1)).toEqual({ 'create 503': 1 });
    expect(idp.operationsDone).toBe(2);
  });

  it('spreads its requests across several API base URLs and retries a dead one on another', async () => {
    // A port nothing listens on: an API process killed with -9.
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise((resolve) => dead.close(resolve));
    const idp = new IdpSimulator({ scimBaseUrl: baseUrl, moreScimBaseUrls: [deadUrl], token: 't', concurrency: 2 });
    const from = Date.now();
    await idp.createUsers(['a@acme.io', 'b@acme.io', 'c@acme.io', 'd@acme.io']);
    expect([...idp.users.keys()].sort()).toEqual(['a@acme.io', 'b@acme.io', 'c@acme.io', 'd@acme.io']);
    expect(idp.stats.nonRetryableErrors()).toEqual({});
    // Half of the first attempts went to the dead URL, were refused, and were retried on the live one.
    const retried = idp.stats.retriedBetween(from, Date.now() + 1);
    expect((retried['lookup network'] ?? 0) + (retried['create network'] ?? 0)).toBeGreaterThanOrEqual(2);
  });
});

describe('the bench verdict', () => {
  const felt: FaultRecord = { fault: 'kill -9 worker', phase: 'users', atOperation: 10, outageMs: 2000, felt: { 'create 503': 2 } };

  it('passes only when the database equals the model and nothing was refused', () => {
    expect(verdictOf([], [], [], {})).toEqual({ converged: true, faultsFelt: true, passed: true, problems: [] });
    expect(verdictOf([], [], [], { 'patch 400': 1 })).toEqual({
      converged: true,
      faultsFelt: true,
      passed: false,
      problems: ['non-retryable: patch 400 × 1'],
    });
    expect(verdictOf([], ['a@x: no member'], [], {})).toMatchObject({ converged: false, passed: false, problems: ['a@x: no member'] });
  });

  it('fails a chaos run with a fault nobody felt or a fault that never struck', () => {
    const unfelt: FaultRecord = { ...felt, fault: 'restart Temporal', phase: 'groups', felt: {} };
    expect(verdictOf(CHAOS_PLAN, [], [felt, unfelt], {})).toMatchObject({
      faultsFelt: false,
      passed: false,
      problems: expect.arrayContaining(['restart Temporal during groups was not felt by any request']),
    });
    expect(verdictOf(CHAOS_PLAN, [], [felt], {})).toMatchObject({
      faultsFelt: false,
      passed: false,
      problems: [expect.stringMatching(/^1 of \d+ planned faults struck$/)],
    });
  });

  it("fails a run whose processes' metrics were missing, though the data converged", () => {
    expect(verdictOf([], [], [], {}, {}, ['worker-2 /metrics did not answer: fetch failed'])).toEqual({
      converged: true,
      faultsFelt: true,
      passed: false,
      problems: ['worker-2 /metrics did not answer: fetch failed'],
    });
  });

  it('fails a run in which anything answered 500, even when the retry then succeeded', () => {
    expect(verdictOf([], [], [], {}, { 'create 201': 10, 'create 503': 2, 'patch 500': 1 })).toEqual({
      converged: true,
      faultsFelt: true,
      passed: false,
      problems: ['answered patch 500 × 1'],
    });
  });
});
