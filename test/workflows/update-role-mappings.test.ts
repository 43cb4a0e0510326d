import { RequestRejected } from '../../src/domain/request-rejected';
import { translateTemporalError } from '../../src/temporal/client/failure-translation';
import {
  roleMappingsSavedUpdate,
  type RoleMappingsSaved,
  type UpdateRoleMappingsInput,
} from '../../workflows/contracts/update-role-mappings';
import { FAILURE_TYPE } from '../../workflows/failure-types';
import type { updateRoleMappings } from '../../workflows/update-role-mappings';
import { eventually } from '../support/eventually';
import {
  databaseDown,
  Gate,
  requestRejected,
  useTimeSkippingEnv,
  updateFailureOf,
  withWorker,
  workflowFailureOf,
  updateWithStart,
} from '../support/workflow-env';

const env = useTimeSkippingEnv();

const input: UpdateRoleMappingsInput = {
  accountId: 'acct-1',
  mappings: [
    { group: 'Admins', role: 'admin' },
    { group: 'Finance', role: 'billing' },
  ],
};

type SaveInput = { accountId: string; mappings: UpdateRoleMappingsInput['mappings']; changeId: string };

/** As the API saves mappings: update-with-start, answered through `roleMappingsSaved`. */
function saveMappings(taskQueue: string) {
  const { answer, handle } = updateWithStart<typeof updateRoleMappings, RoleMappingsSaved>(
    env(),
    'updateRoleMappings',
    roleMappingsSavedUpdate,
    {
      taskQueue,
      idPrefix: 'role-mappings',
      args: [input],
    },
  );
  return { saved: answer, handle };
}

describe('updateRoleMappings', () => {
  it('answers once the mappings are saved, then propagates under the same change id, 500 at a time, until none remain', async () => {
    const gate = new Gate();
    const saves: SaveInput[] = [];
    const saved: RoleMappingsSaved = { mappings: input.mappings, changedGroups: ['admins', 'finance'], roleResolutionsQueued: 1200 };
    const saveRoleMappings = async (save: SaveInput) => {
      saves.push(save);
      return saved;
    };
    const batches: Array<{ changeId: string; batchSize: number }> = [];
    const propagateRoleResolutions = async (batch: { changeId: string; batchSize: number }) => {
      batches.push(batch);
      if (batches.length === 1) await gate.opened;
      return { remaining: [700, 200, 0][batches.length - 1]! };
    };
    await withWorker(env(), { saveRoleMappings, propagateRoleResolutions }, async (taskQueue) => {
      const call = saveMappings(taskQueue);
      // The caller's answer does not wait for propagation (its first batch is held).
      await expect(call.saved).resolves.toEqual(saved);
      await eventually(async () => expect(batches).toHaveLength(1));
      expect(saves).toEqual([{ accountId: input.accountId, mappings: input.mappings, changeId: expect.any(String) }]);

      gate.open();
      await expect(call.handle.result()).resolves.toEqual(saved);
      expect(batches).toEqual([0, 1, 2].map(() => ({ changeId: saves[0]!.changeId, batchSize: 500 })));
    });
  });

  it('propagates nothing when no member is affected', async () => {
    const saved: RoleMappingsSaved = { mappings: input.mappings, changedGroups: [], roleResolutionsQueued: 0 };
    const propagateRoleResolutions = jest.fn(async () => ({ remaining: 0 }));
    await withWorker(env(), { saveRoleMappings: async () => saved, propagateRoleResolutions }, async (taskQueue) => {
      const call = saveMappings(taskQueue);
      await expect(call.saved).resolves.toEqual(saved);
      await expect(call.handle.result()).resolves.toEqual(saved);
      expect(propagateRoleResolutions).not.toHaveBeenCalled();
    });
  });

  it('a refused save fails the update and the workflow with the RequestRejected, once, and propagates nothing', async () => {
    const saveRoleMappings = jest.fn(async (): Promise<RoleMappingsSaved> => {
      throw requestRejected(404, 'account_not_found', 'No account acct-1');
    });
    const propagateRoleResolutions = jest.fn(async () => ({ remaining: 0 }));
    await withWorker(env(), { saveRoleMappings, propagateRoleResolutions }, async (taskQueue) => {
      const call = saveMappings(taskQueue);
      const refused = await updateFailureOf(call.saved);
      expect(refused).toMatchObject({
        type: FAILURE_TYPE.requestRejected,
        message: 'No account acct-1',
        details: [{ status: 404, code: 'account_not_found' }],
      });
      expect(translateTemporalError(await call.saved.catch((e: unknown) => e))).toEqual(
        new RequestRejected(404, 'account_not_found', 'No account acct-1'),
      );
      const failed = await workflowFailureOf(call.handle.result());
      expect(failed.cause).toMatchObject({ type: FAILURE_TYPE.requestRejected, details: [{ status: 404, code: 'account_not_found' }] });
      expect(saveRoleMappings).toHaveBeenCalledTimes(1);
      expect(propagateRoleResolutions).not.toHaveBeenCalled();
    });
  });

  it('a save failing with infrastructure trouble is retried (the same change id) until it succeeds', async () => {
    const saves: SaveInput[] = [];
    const saved: RoleMappingsSaved = { mappings: input.mappings, changedGroups: [], roleResolutionsQueued: 0 };
    const saveRoleMappings = async (save: SaveInput) => {
      saves.push(save);
      if (saves.length < 3) throw databaseDown();
      return saved;
    };
    await withWorker(env(), { saveRoleMappings }, async (taskQueue) => {
      const call = saveMappings(taskQueue);
      await expect(call.saved).resolves.toEqual(saved);
      await eventually(async () => expect(saves).toHaveLength(3));
      expect(new Set(saves.map((s) => s.changeId)).size).toBe(1);
    });
  });
});
