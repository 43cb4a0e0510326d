import { useTestEnv } from '../support/test-env';
import { entraPatch, oktaCreateUser } from '../fixtures/idp-requests';
import { userWorkflowId } from '../../workflows/ids';
import { USER_EMAIL } from '../../workflows/search-attributes';

// A small history limit, so a handful of changes makes the workflow continue as new.
const env = useTestEnv({ maxHistoryEvents: 40 });

describe('durability', () => {
  it('loses nothing when the worker restarts between two requests', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('sam.restart@example.com')).expect(201);
    const id = created.body.id as string;

    await env().restartWorker();

    const patched = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'replace', path: 'displayName', value: 'Sam R.' }])).expect(200);
    expect(patched.body).toMatchObject({ displayName: 'Sam R.', meta: { version: 'W/"2"' } });
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ name: 'Sam R.', active: true })]);
    const description = await env().client.workflow.getHandle(userWorkflowId(directoryId, id)).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('continues as new before the history grows large, carrying its state', async () => {
    const { directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('long.lived@example.com')).expect(201);
    const id = created.body.id as string;
    for (let i = 0; i < 8; i += 1) {
      await idp.patch(`/Users/${id}`, entraPatch([{ op: 'replace', path: 'title', value: `Title ${i}` }])).expect(200);
    }
    const statuses: string[] = [];
    for await (const execution of env().client.workflow.list({ query: `WorkflowId = '${userWorkflowId(directoryId, id)}'` })) {
      statuses.push(execution.status.name);
    }
    // Earlier runs ended by continuing as new; exactly one run is live and still serves changes.
    expect(statuses.filter((s) => s === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 'RUNNING')).toEqual(['RUNNING']);
    const final = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'replace', path: 'title', value: 'Final' }])).expect(200);
    expect(final.body).toMatchObject({ title: 'Final', meta: { version: 'W/"10"' } });
    const latest = await env().client.workflow.getHandle(userWorkflowId(directoryId, id)).describe();
    expect(latest.historyLength).toBeLessThan(60);
    // The operator can still find the live run by email.
    expect(latest.typedSearchAttributes.get(USER_EMAIL)).toBe('long.lived@example.com');
  });
});
