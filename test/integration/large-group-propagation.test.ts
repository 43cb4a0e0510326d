import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { groupWorkflowId } from '../../workflows/ids';
import type { ProvisionGroupInput } from '../../workflows/contracts/provision-group';
import { PATCH_OP } from '../fixtures/idp-requests';
import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';

// The smallest history the configuration allows, so the group's workflow continues as new while
// its propagation is still going.
const env = useTestEnv({ maxHistoryEvents: 20 });

/** Propagation runs 500 users a step (workflows/provision-group.ts): one more needs a second step. */
const MEMBERS = 501;

const patch = (operations: Array<Record<string, unknown>>) => ({ schemas: [PATCH_OP], Operations: operations });

function continuedAsNewInput(events: temporal.api.history.v1.IHistoryEvent[]): ProvisionGroupInput | undefined {
  const attributes = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
  const data = attributes?.input?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as ProvisionGroupInput) : undefined;
}

it('a rename of a group of more than 500 members converges every role, across a continue-as-new that carries the pending propagation', async () => {
  const { accountId, directoryId, token } = await env().connectedAccount();
  const idp = env().scim(token);
  // The members are written directly (their creation is not what this tests, and 501 creates
  // through their workflows would take most of the time); the group and its rename go through SCIM.
  const users = Array.from({ length: MEMBERS }, (_, i) => ({ id: randomUUID(), email: `big.${String(i).padStart(3, '0')}@acme.io` }));
  await env()
    .db('scim_users')
    .insert(
      users.map((u) => ({
        id: u.id,
        directory_id: directoryId,
        user_name: u.email,
        email: u.email,
        active: true,
        attributes: JSON.stringify({ userName: u.email, active: true, emails: [{ value: u.email, primary: true }] }),
      })),
    );
  await env()
    .db('members')
    .insert(
      users.map((u) => ({
        id: randomUUID(),
        account_id: accountId,
        email: u.email,
        role: 'support',
        active: true,
        managed_by_directory: true,
        scim_user_id: u.id,
      })),
    );
  const group = (await idp.post('/Groups', { displayName: 'Big Team', members: users.map((u) => ({ value: u.id })) }).expect(201)).body
    .id as string;
  const handle = env().client.workflow.getHandle(groupWorkflowId(directoryId, group));

  // Bring the run close to its history limit with harmless changes, so the rename is the change
  // that crosses it: the run then continues as new while the first batch of 500 is being sent.
  let before = await handle.describe();
  for (let i = 0; before.historyLength < 14 && i < 10; i += 1) {
    await idp.patch(`/Groups/${group}`, patch([{ op: 'replace', path: 'externalId', value: `ext-${i}` }])).expect(204);
    before = await handle.describe();
  }
  expect(before.historyLength).toBeGreaterThanOrEqual(14);
  await idp.patch(`/Groups/${group}`, patch([{ op: 'replace', path: 'displayName', value: 'knock-role-admin' }])).expect(204);

  await eventually(async () => {
    const roles = await env().db('members').where({ account_id: accountId }).select('role');
    expect(roles.filter((m) => m.role === 'admin')).toHaveLength(MEMBERS);
  }, 60_000);

  // The run the rename went to continued as new with the rename's propagation still pending.
  const history = await env().client.workflow.getHandle(handle.workflowId, before.runId).fetchHistory();
  const carried = continuedAsNewInput(history.events ?? []);
  expect(carried?.pendingPropagations).toHaveLength(1);
  expect(await env().db('pending_role_resolutions').where({ account_id: accountId }).count<{ count: number }[]>('* as count')).toEqual([
    { count: 0 },
  ]);
});
