import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { expectOtherTenantWorks } from '../../support/canary';
import { eventually } from '../../support/eventually';
import { useTestEnv } from '../../support/test-env';
import { oktaCreateUser, oktaDeactivate } from '../../fixtures/idp-requests';
import { applyUserChangeUpdate, type ProvisionUserInput, type UserChange } from '../../../workflows/contracts/provision-user';
import { FAILURE_TYPE } from '../../../workflows/failure-types';
import { userWorkflowId } from '../../../workflows/ids';

// A fresh entity workflow that receives nothing ends after 2 s here (5 minutes by default).
const env = useTestEnv({ workflowStartTimeoutMs: 2000 });

async function failureOf(work: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) {
    throw new Error(`expected the update to fail, got ${String(error)}`);
  }
  return error.cause;
}

async function statusOf(workflowId: string): Promise<string> {
  return (await env().client.workflow.getHandle(workflowId).describe()).status.name;
}

/**
 * Makes PostgreSQL refuse every update of a SCIM user to this displayName with this SQLSTATE, as a
 * database that can never store a value (class 22) or is briefly unable to (class 40) does.
 * Returns the undo.
 */
async function refuseDisplayName(displayName: string, sqlState: string): Promise<() => Promise<void>> {
  await env().db.raw(`
    create or replace function dsync_test_refuse() returns trigger language plpgsql as $$
    begin
      if new.display_name = '${displayName}' then raise exception 'injected' using errcode = '${sqlState}'; end if;
      return new;
    end $$`);
  await env().db.raw('create trigger dsync_test_refuse before update on scim_users for each row execute function dsync_test_refuse()');
  return async () => {
    await env().db.raw('drop trigger dsync_test_refuse on scim_users');
  };
}

function userInput(accountId: string, directoryId: string, scimUserId: string, exists: boolean): ProvisionUserInput {
  return { accountId, directoryId, scimUserId, exists, maxHistoryEvents: 2000, startTimeoutMs: 2000 };
}

describe('a change that can never apply fails once, and the workflow moves on', () => {
  it('refuses a change the database cannot store with a 400, audit-logged, then applies the IdP deactivation', async () => {
    const { accountId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('poison.pill@example.com')).expect(201);
    const id = created.body.id as string;
    // The API's limits catch what they know; this stands for what they do not: a value PostgreSQL
    // refuses for good (SQLSTATE class 22, as a NUL byte or a bad encoding is).
    const undo = await refuseDisplayName('Poison Pill', '22P05');
    const started = Date.now();
    const poisoned = await idp.patch(`/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Poison Pill' }],
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(poisoned.status).toBe(400);
    expect(poisoned.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(poisoned.body.detail).toMatch(/SQLSTATE 22P05/);
    await undo();

    const refusals = await env().db('audit_log').where({ subject_id: id, action: 'patch' }).select<Array<{ details: unknown }>>('details');
    expect(refusals).toEqual([{ details: { failed: { status: 400, scimType: 'invalidValue' } } }]);

    const deactivatedAt = Date.now();
    await idp.patch(`/Users/${id}`, oktaDeactivate).expect(200);
    expect(Date.now() - deactivatedAt).toBeLessThan(5000);
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ email: 'poison.pill@example.com', active: false })]);
    await expectOtherTenantWorks(env());
  });

  it('refuses, inside the workflow too, a change that slipped past the API, and the workflow carries on', async () => {
    const { accountId, directoryId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('slipped.past@example.com')).expect(201);
    const id = created.body.id as string;

    // Straight to the workflow, as a change from an older API (or a gap in its checks) would arrive.
    const poison: UserChange = {
      changeId: randomUUID(),
      command: { kind: 'replace', attributes: { userName: 'poison\u0000pill@example.com', active: true } },
    };
    const failure = await failureOf(
      env()
        .client.workflow.getHandle(userWorkflowId(directoryId, id))
        .executeUpdate(applyUserChangeUpdate, { args: [poison] }),
    );
    expect(failure.type).toBe(FAILURE_TYPE.scim);
    expect(failure.details).toEqual([{ status: 400, scimType: 'invalidValue' }]);
    const recorded = await env()
      .db('audit_log')
      .where({ change_id: poison.changeId })
      .first<{ action: string; details: unknown } | undefined>();
    expect(recorded).toMatchObject({ action: 'replace', details: { failed: { status: 400, scimType: 'invalidValue' } } });

    await idp.patch(`/Users/${id}`, oktaDeactivate).expect(200);
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ active: false })]);
    expect(await statusOf(userWorkflowId(directoryId, id))).toBe('RUNNING');
  });

  it('answers a NUL byte sent through HTTP with a 400 in well under a second, changing nothing', async () => {
    const { accountId, token } = await env().connectedAccount();
    const started = Date.now();
    const response = await env()
      .scim(token)
      .post('/Users', oktaCreateUser('nul.byte@example.com', { displayName: 'Nul\u0000Byte' }));
    expect(response.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await env().members(accountId)).toEqual([]);
    await expectOtherTenantWorks(env());
  });

  it('ends a create whose change failed: retried creates leave no workflow behind', async () => {
    const { accountId, directoryId } = await env().connectedAccount();
    const id = randomUUID();
    const workflowId = userWorkflowId(directoryId, id);
    const poison: UserChange = {
      changeId: randomUUID(),
      command: { kind: 'create', attributes: { userName: 'nul\u0000@example.com', active: true } },
    };
    const failure = await failureOf(
      env().client.workflow.executeUpdateWithStart(applyUserChangeUpdate, {
        args: [poison],
        updateId: poison.changeId,
        startWorkflowOperation: new WithStartWorkflowOperation('provisionUser', {
          workflowId,
          taskQueue: env().taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [userInput(accountId, directoryId, id, false)],
        }),
      }),
    );
    expect(failure.details).toEqual([{ status: 400, scimType: 'invalidValue' }]);
    await eventually(async () => expect(await statusOf(workflowId)).toBe('COMPLETED'), 5000);
  });

  it('ends a fresh workflow whose update was never accepted', async () => {
    const { accountId, directoryId } = await env().connectedAccount();
    const id = randomUUID();
    const workflowId = userWorkflowId(directoryId, id);
    // The validator refuses a change without an id: the run starts, and nothing ever reaches it.
    const refused = {
      changeId: '',
      command: { kind: 'create', attributes: { userName: 'never@example.com', active: true } },
    } as UserChange;
    const error = await env()
      .client.workflow.executeUpdateWithStart(applyUserChangeUpdate, {
        args: [refused],
        startWorkflowOperation: new WithStartWorkflowOperation('provisionUser', {
          workflowId,
          taskQueue: env().taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [userInput(accountId, directoryId, id, false)],
        }),
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Error);
    expect(await statusOf(workflowId)).toBe('RUNNING');
    await eventually(async () => expect(await statusOf(workflowId)).toBe('COMPLETED'), 10_000);
  });

  it('retries an infrastructure failure on a bounded schedule, answers 503, then applies the next change', async () => {
    const { accountId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('flaky.db@example.com')).expect(201);
    const id = created.body.id as string;
    // Every attempt to store this one change meets a serialization failure (SQLSTATE 40001, retryable).
    const undo = await refuseDisplayName('Flaky Change', '40001');

    const flaky = await idp.patch(`/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Flaky Change' }],
    });
    expect(flaky.status).toBe(503);
    expect(flaky.headers['retry-after']).toMatch(/^\d+$/);
    expect(flaky.body).toMatchObject({ status: '503' });

    const deactivated = await idp.patch(`/Users/${id}`, oktaDeactivate).expect(200);
    expect(deactivated.body).toMatchObject({ active: false, displayName: created.body.displayName });
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ active: false })]);
    await undo();
  }, 90_000);
});
