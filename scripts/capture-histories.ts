/**
 * Re-captures the workflow histories that test/replay/ replays: starts the test infrastructure,
 * drives real runs through the HTTP API the way an IdP does, and writes each workflow's history
 * as JSON. Run it (`npm run capture-histories`) when a workflow changes on purpose, and commit
 * the new files next to the old ones; never delete a history that running workflows may still have.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureTemporalCli } from '../src/infra/temporal-cli';
import { startTestInfra } from '../test/support/infra';
import { TestEnv } from '../test/support/test-env';
import { oktaCreateUser, oktaDeactivate, entraPatch } from '../test/fixtures/idp-requests';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { applyUserChangeUpdate, type ProvisionUserInput, type UserChange } from '../workflows/contracts/provision-user';
import { groupWorkflowId, userWorkflowId } from '../workflows/ids';
import { OtlpCollector } from '../test/support/otlp-collector';

const OUT = path.resolve(__dirname, '../test/replay/histories');

type Save = (name: string, workflowId: string, runId?: string) => Promise<void>;

async function main(): Promise<void> {
  const infra = await startTestInfra();
  process.env.DSYNC_TEST_INFRA = JSON.stringify(infra);
  const save: Save = async (name, workflowId, runId) => {
    const cli = await ensureTemporalCli();
    // The CLI writes the standard proto3 JSON that historyFromJSON reads.
    const args = ['workflow', 'show', '--address', infra.temporalAddress, '--workflow-id', workflowId, '--output', 'json'];
    const { stdout } = await promisify(execFile)(cli, runId ? [...args, '--run-id', runId] : args, { maxBuffer: 64 * 1024 * 1024 });
    const events = (JSON.parse(stdout) as { events: unknown[] }).events.length;
    fs.writeFileSync(path.join(OUT, `${name}.json`), stdout.endsWith('\n') ? stdout : `${stdout}\n`);
    process.stdout.write(`captured ${name} (${events} events)\n`);
  };
  try {
    // `-- --traced-only`: only the traced history (the others unchanged).
    if (!process.argv.includes('--traced-only')) await captureUntraced(save);
    await captureTraced(save);
  } finally {
    await infra.stop();
  }
}

/**
 * A user's changes sent with tracing on: the history carries the trace context in its headers, and
 * the workflow made spans while it ran (workflows/tracing-interceptors.ts). Replaying it proves
 * that a traced run replays on any worker.
 */
async function captureTraced(save: Save): Promise<void> {
  const collector = await OtlpCollector.start();
  const env = await TestEnv.start({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } });
  try {
    const { directoryId, token } = await env.connectedAccount('okta');
    const idp = env.scim(token);
    const id = (await idp.post('/Users', oktaCreateUser('traced@example.com')).expect(201)).body.id as string;
    await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Replace', path: 'title', value: 'Traced' }])).expect(200);
    await idp.patch(`/Users/${id}`, oktaDeactivate).expect(200);
    await save('provision-user-traced', userWorkflowId(directoryId, id));
  } finally {
    await env.close();
    await collector.close();
  }
}

async function captureUntraced(save: Save): Promise<void> {
  const env = await TestEnv.start();
  // A small limit, so a handful of changes makes the long-lived user continue as new.
  const smallHistoryEnv = await TestEnv.start({ maxHistoryEvents: 40 });
  // A short start timeout, so a run whose first update was refused ends while we wait.
  const idleStartEnv = await TestEnv.start({ workflowStartTimeoutMs: 2000 });
  try {
    const { directoryId, token, accountId } = await env.connectedAccount('okta');
    const idp = env.scim(token);
    const create = async (email: string) => (await idp.post('/Users', oktaCreateUser(email)).expect(201)).body.id as string;

    const created = await create('create.only@example.com');
    await save('provision-user-create', userWorkflowId(directoryId, created));

    const updated = await create('updated@example.com');
    const current = (await idp.get(`/Users/${updated}`).expect(200)).body;
    await idp.put(`/Users/${updated}`, { ...current, displayName: 'Updated Person' }).expect(200);
    await idp.patch(`/Users/${updated}`, entraPatch([{ op: 'Replace', path: 'name.givenName', value: 'Upd' }])).expect(200);
    await idp.patch(`/Users/${updated}`, entraPatch([{ op: 'replace', path: 'id', value: 'rejected' }])).expect(400);
    await save('provision-user-update', userWorkflowId(directoryId, updated));

    const deactivated = await create('deactivated@example.com');
    await idp.patch(`/Users/${deactivated}`, oktaDeactivate).expect(200);
    await save('provision-user-deactivate', userWorkflowId(directoryId, deactivated));

    const deleted = await create('deleted@example.com');
    await idp.delete(`/Users/${deleted}`).expect(204);
    await save('provision-user-delete', userWorkflowId(directoryId, deleted));

    const small = await smallHistoryEnv.connectedAccount('entra');
    const smallIdp = smallHistoryEnv.scim(small.token);
    const longLived = (await smallIdp.post('/Users', oktaCreateUser('long.lived@example.com')).expect(201)).body.id as string;
    for (let i = 0; i < 8; i += 1) {
      await smallIdp.patch(`/Users/${longLived}`, entraPatch([{ op: 'replace', path: 'title', value: `T${i}` }])).expect(200);
    }
    const runs: { runId: string; status: string }[] = [];
    for await (const run of env.client.workflow.list({ query: `WorkflowId = '${userWorkflowId(small.directoryId, longLived)}'` })) {
      runs.push({ runId: run.runId, status: run.status.name });
    }
    const continued = runs.find((run) => run.status === 'CONTINUED_AS_NEW');
    if (!continued) throw new Error('The long-lived user did not continue as new');
    await save('provision-user-continued-as-new', userWorkflowId(small.directoryId, longLived), continued.runId);

    // A fresh run whose first update the workflow's validator refused (no change id): it ends idle.
    const idle = await idleStartEnv.connectedAccount('okta');
    const idleUser = randomUUID();
    const idleWorkflowId = userWorkflowId(idle.directoryId, idleUser);
    const idleInput: ProvisionUserInput = {
      accountId: idle.accountId,
      directoryId: idle.directoryId,
      scimUserId: idleUser,
      exists: false,
      maxHistoryEvents: 2000,
      startTimeoutMs: 2000,
    };
    const refusedChange = {
      changeId: '',
      command: { kind: 'create', attributes: { userName: 'never@example.com', active: true } },
    } as UserChange;
    await idleStartEnv.client.workflow
      .executeUpdateWithStart(applyUserChangeUpdate, {
        args: [refusedChange],
        startWorkflowOperation: new WithStartWorkflowOperation('provisionUser', {
          workflowId: idleWorkflowId,
          taskQueue: idleStartEnv.taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [idleInput],
        }),
      })
      .catch(() => undefined);
    await idleStartEnv.client.workflow.getHandle(idleWorkflowId).result();
    await save('provision-user-idle-start', idleWorkflowId);

    // A group's life, and a user whose role changed several times through it.
    const roleUser = await create('role.changes@example.com');
    const owners = (await idp.post('/Groups', { displayName: 'knock-role-admin', members: [{ value: roleUser }] }).expect(201)).body
      .id as string;
    const patchGroup = (operations: unknown[]) =>
      idp.patch(`/Groups/${owners}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }).expect(204);
    await patchGroup([{ op: 'replace', value: { id: owners, displayName: 'knock-role-billing' } }]);
    await patchGroup([{ op: 'remove', path: `members[value eq "${roleUser}"]` }]);
    await patchGroup([{ op: 'add', path: 'members', value: [{ value: roleUser }] }]);
    await env
      .admin('put', `/accounts/${accountId}/role-mappings`)
      .send([{ group: 'Auditors', role: 'billing' }])
      .expect(200);
    await patchGroup([{ op: 'replace', value: { displayName: 'Auditors' } }]);
    await idp.delete(`/Groups/${owners}`).expect(204);
    await waitForRoleQueueToDrain(env);
    await save('provision-group-lifecycle', groupWorkflowId(directoryId, owners));
    await save('provision-user-role-changes', userWorkflowId(directoryId, roleUser));

    const mappings = await env.client.workflow.list({ query: `WorkflowType = 'updateRoleMappings'` });
    for await (const run of mappings) {
      await save('update-role-mappings', run.workflowId);
      break;
    }
    await env.admin('post', `/accounts/${accountId}/invites`).send({ email: 'invited@example.com', role: 'admin' }).expect(201);
    for await (const run of env.client.workflow.list({ query: `WorkflowType = 'changeMemberFromDashboard'` })) {
      await env.client.workflow.getHandle(run.workflowId).result();
      await save('change-member-from-dashboard', run.workflowId);
      break;
    }

    const connectWorkflowId = (await env.db('directories').where({ id: directoryId }).first('connect_workflow_id'))!.connect_workflow_id!;
    await env.client.workflow.getHandle(connectWorkflowId).result();
    await save('connect-directory', connectWorkflowId);

    // Disconnect last: it stops the directory's running workflows, which end their histories.
    const disconnected = await env.admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);
    await save('disconnect-directory', disconnected.body.workflowId);
    await save('provision-user-stopped-by-disconnect', userWorkflowId(directoryId, updated));
    process.stdout.write(`account ${accountId} done\n`);
  } finally {
    await idleStartEnv.close();
    await smallHistoryEnv.close();
    await env.close();
  }
}

async function waitForRoleQueueToDrain(env: TestEnv): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const [row] = await env.db('pending_role_resolutions').count<{ count: string }[]>('* as count');
    const count = row?.count ?? '0';
    if (Number(count) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Role resolutions did not drain');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
