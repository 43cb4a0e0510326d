import { TestEnv } from '../support/test-env';
import { entraPatch, oktaCreateUser } from '../fixtures/idp-requests';
import { userWorkflowId } from '../../workflows/ids';

let env: TestEnv;
beforeAll(async () => {
  // A small history limit, so a handful of changes makes the workflow continue as new.
  env = await TestEnv.start({ maxHistoryEvents: 40 });
});
afterAll(async () => {
  await env?.close();
});

describe('durability', () => {
  it('loses nothing when the worker restarts between two requests', async () => {
    const { accountId, directoryId, token } = await env.connectedAccount();
    const idp = env.scim(token);
    const created = await idp.post('/Users', oktaCreateUser('sam.restart@example.com')).expect(201);
    const id = created.body.id as string;

    await env.restartWorker();

    const patched = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'replace', path: 'displayName', value: 'Sam R.' }])).expect(200);
    expect(patched.body).toMatchObject({ displayName: 'Sam R.', meta: { version: 'W/"2"' } });
    expect(await env.members(accountId)).toEqual([expect.objectContaining({ name: 'Sam R.', active: true })]);
    const description = await env.client.workflow.getHandle(userWorkflowId(directoryId, id)).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('continues as new before the history grows large, carrying its state', async () => {
    const { directoryId, token } = await env.connectedAccount();
    const idp = env.scim(token);
    const created = await idp.post('/Users', oktaCreateUser('long.lived@example.com')).expect(201);
    const id = created.body.id as string;
    for (let i = 0; i < 8; i += 1) {
      await idp.patch(`/Users/${id}`, entraPatch([{ op: 'replace', path: 'title', value: `Title ${i}` }])).expect(200);
    }
    const handle = env.client.workflow.getHandle(userWorkflowId(directoryId, id));
    const latest = await handle.describe();
    expect(latest.runId).not.toBe(created.headers['x-run-id']);
    // More than one run means continue-as-new happened; the latest run still serves changes.
    const runs: string[] = [];
    for await (const execution of env.client.workflow.list({ query: `WorkflowId = '${userWorkflowId(directoryId, id)}'` })) {
      runs.push(execution.runId);
    }
    expect(runs.length).toBeGreaterThan(1);
    const final = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'replace', path: 'title', value: 'Final' }])).expect(200);
    expect(final.body).toMatchObject({ title: 'Final', meta: { version: 'W/"10"' } });
    expect(latest.status.name).toBe('RUNNING');
  });
});
