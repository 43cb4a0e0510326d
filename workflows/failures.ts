import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { DIRECTORY_FROZEN_MESSAGE, FAILURE_TYPE, type ScimFailureDetails } from './failure-types';

/** Types an activity encodes on purpose; whatever else reaches a workflow is infrastructure trouble. */
const ENCODED_TYPES = new Set<string>([FAILURE_TYPE.scim, FAILURE_TYPE.requestRejected, FAILURE_TYPE.directoryFrozen]);

/**
 * Decodes an activity's failure into the update's failure, so the API receives it and answers
 * the IdP; the workflow itself carries on. A deliberate rejection keeps its type and details; a
 * change whose bounded retries ran out (database down, timeouts) becomes `ChangeUnavailable`,
 * which the API answers with 503: nothing was committed, and the next change goes ahead.
 */
export function toUpdateFailure(error: unknown): ApplicationFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type && ENCODED_TYPES.has(cause.type)) {
    return ApplicationFailure.create({
      type: cause.type,
      message: cause.message,
      details: cause.details ? [...cause.details] : undefined,
      nonRetryable: true,
    });
  }
  return ApplicationFailure.create({
    type: FAILURE_TYPE.unavailable,
    message: 'The change could not be applied in time; nothing was changed, retry the request',
    nonRetryable: true,
  });
}

/**
 * The activity was refused by the directory fence: the directory is disconnected (rule 6).
 * Workers before the named kind encoded it as a SCIM 401; recorded histories still say so.
 * A remote activity's failure arrives wrapped in an `ActivityFailure`; a local activity's arrives
 * bare, which only `frozenIn` recognises (see FROZEN_LOCAL_STOPS_PATCH in serial-changes.ts).
 */
export function isDirectoryFrozen(error: unknown): boolean {
  return error instanceof ActivityFailure && frozenIn(error.cause);
}

/** Whether a failure, as a local activity delivers it (not wrapped), is the fence's refusal. */
export function isLocalDirectoryFrozen(error: unknown): boolean {
  return !(error instanceof ActivityFailure) && frozenIn(error);
}

function frozenIn(failure: unknown): boolean {
  if (!(failure instanceof ApplicationFailure)) return false;
  const { type, details } = failure;
  if (type === FAILURE_TYPE.directoryFrozen) return true;
  return type === FAILURE_TYPE.scim && (details?.[0] as ScimFailureDetails | undefined)?.status === 401;
}

/** What an update validator throws once the directory is disconnected. */
export function directoryFrozenFailure(): ApplicationFailure {
  return ApplicationFailure.create({ type: FAILURE_TYPE.directoryFrozen, message: DIRECTORY_FROZEN_MESSAGE, nonRetryable: true });
}
