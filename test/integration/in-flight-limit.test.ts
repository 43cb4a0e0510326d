import { ActivityGate } from '../support/activity-gate';
import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';
import { filterQuery, oktaCreateUser, SCIM_ERROR } from '../fixtures/idp-requests';

const gate = new ActivityGate();
const MAX_WAIT_MS = 1500;
const env = useTestEnv({
  activityInterceptors: [gate.interceptor],
  env: { SCIM_IN_FLIGHT_PER_DIRECTORY: '2', SCIM_IN_FLIGHT_MAX_WAIT_MS: String(MAX_WAIT_MS) },
});

/** Starts a supertest request now (they are lazy) and keeps its answer. */
const send = <T>(request: PromiseLike<T>): Promise<T> => Promise.resolve(request);

async function userNames(directoryId: string): Promise<string[]> {
  const rows = await env().db('scim_users').where({ directory_id: directoryId }).select('user_name').orderBy('user_name');
  return rows.map((row) => row.user_name as string);
}

/** Two creates of the directory held at the worker: both of its in-flight turns are taken. */
async function fillInFlight(directoryId: string, token: string, prefix: string) {
  const held = gate.arm('applyUserChange', directoryId);
  const creates = [1, 2].map((n) =>
    send(
      env()
        .scim(token)
        .post('/Users', oktaCreateUser(`${prefix}${n}@acme.io`)),
    ),
  );
  await eventually(async () => expect(gate.heldCount).toBe(2));
  return { creates, release: held.release };
}

describe('at most SCIM_IN_FLIGHT_PER_DIRECTORY requests of one directory in progress (tenant fairness)', () => {
  it("makes a directory's further requests wait their turn while another directory is served at once", async () => {
    const busy = await env().connectedAccount();
    const quiet = await env().connectedAccount();
    const { creates, release } = await fillInFlight(busy.directoryId, busy.token, 'held');

    let lookupAnswered = false;
    let lookupAnsweredAt = 0;
    const lookup = send(
      env()
        .scim(busy.token)
        .get(`/Users?${filterQuery('userName eq "held1@acme.io"')}`),
    ).then((response) => {
      lookupAnswered = true;
      lookupAnsweredAt = Date.now();
      return response;
    });
    // The other tenant is not behind the busy one: its create and lookup answer while the busy one's wait.
    await env().scim(quiet.token).post('/Users', oktaCreateUser('quiet@acme.io')).expect(201);
    await env()
      .scim(quiet.token)
      .get(`/Users?${filterQuery('userName eq "quiet@acme.io"')}`)
      .expect(200);
    expect(lookupAnswered).toBe(false);

    const createsAnswered: number[] = [];
    const createsDone = Promise.all(creates.map((create) => create.then((response) => (createsAnswered.push(Date.now()), response))));
    release();
    expect((await createsDone).map((response) => response.status)).toEqual([201, 201]);
    const answered = await lookup;
    expect(answered.status).toBe(200);
    // Its turn came when one of the creates ahead of it finished.
    expect(lookupAnsweredAt).toBeGreaterThanOrEqual(Math.min(...createsAnswered));
    expect(await userNames(busy.directoryId)).toEqual(['held1@acme.io', 'held2@acme.io']);
  });

  it('answers 429 with Retry-After and a SCIM error to a request that waited too long, and applies nothing of it', async () => {
    const { directoryId, token } = await env().connectedAccount();
    const { creates, release } = await fillInFlight(directoryId, token, 'first');

    const startedAt = Date.now();
    const refused = await env().scim(token).post('/Users', oktaCreateUser('refused@acme.io'));
    expect(refused.status).toBe(429);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(MAX_WAIT_MS - 50);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ schemas: [SCIM_ERROR], status: '429' });
    expect(refused.body.detail).toMatch(/in progress for this directory/);

    release();
    expect((await Promise.all(creates)).map((response) => response.status)).toEqual([201, 201]);
    expect(await userNames(directoryId)).toEqual(['first1@acme.io', 'first2@acme.io']);
    // The IdP's retry, once a turn is free, is applied once.
    await env().scim(token).post('/Users', oktaCreateUser('refused@acme.io')).expect(201);
    expect(await userNames(directoryId)).toEqual(['first1@acme.io', 'first2@acme.io', 'refused@acme.io']);
  });

  it('never applies a request whose IdP gave up while it waited for a turn', async () => {
    const { directoryId, token } = await env().connectedAccount();
    const { creates, release } = await fillInFlight(directoryId, token, 'kept');

    // The IdP's client times out and closes the connection while the request waits behind the two held ones.
    const abandoned = await env()
      .scim(token)
      .post('/Users', oktaCreateUser('abandoned@acme.io'))
      .timeout(300)
      .then(
        () => 'answered',
        (error: { timeout?: number }) => (error.timeout ? 'timed out' : String(error)),
      );
    expect(abandoned).toBe('timed out');
    // Give the server the moment it needs to see the connection close before a turn frees up.
    await new Promise((resolve) => setTimeout(resolve, 200));

    release();
    expect((await Promise.all(creates)).map((response) => response.status)).toEqual([201, 201]);
    // A request sent after the abandoned one is applied; the abandoned one never is (it leaves the
    // queue when its connection closes; its body, unread while it waited, could not be read anyway).
    await env().scim(token).post('/Users', oktaCreateUser('after@acme.io')).expect(201);
    expect(await userNames(directoryId)).toEqual(['after@acme.io', 'kept1@acme.io', 'kept2@acme.io']);
  });
});
