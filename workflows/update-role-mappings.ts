import { allHandlersFinished, condition, proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { roleMappingsSavedUpdate, type RoleMappingsSaved, type UpdateRoleMappingsInput } from './contracts/update-role-mappings';
import { toUpdateFailure } from './failures';

const { saveRoleMappings, propagateRoleResolutions } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Support replaces an account's custom role mappings: the mappings are saved (the caller gets
 * them through the `roleMappingsSaved` update), then every affected member's workflow is told to
 * re-resolve, 500 at a time, so a mapping change over 10,000 members converges without timeouts.
 */
export async function updateRoleMappings(input: UpdateRoleMappingsInput): Promise<RoleMappingsSaved> {
  let saved: RoleMappingsSaved | undefined;
  let failure: unknown;
  setHandler(roleMappingsSavedUpdate, async () => {
    await condition(() => saved !== undefined || failure !== undefined);
    if (!saved) throw toUpdateFailure(failure);
    return saved;
  });

  const changeId = uuid4();
  try {
    saved = await saveRoleMappings({ accountId: input.accountId, mappings: input.mappings, changeId });
  } catch (error) {
    failure = error;
    await condition(allHandlersFinished);
    throw toUpdateFailure(error);
  }
  let remaining = saved.roleResolutionsQueued;
  while (remaining > 0) {
    ({ remaining } = await propagateRoleResolutions({ changeId, batchSize: 500 }));
  }
  await condition(allHandlersFinished);
  return saved;
}
