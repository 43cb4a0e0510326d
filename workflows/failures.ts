import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { SCIM_FAILURE_TYPE, type ScimFailureDetails } from './contracts';

/**
 * A business rejection from an activity (bad PATCH, uniqueness, ...) is re-thrown from the update
 * handler as an ApplicationFailure of the same type, so the API receives it as the update's
 * failure and maps it to a SCIM error; the workflow itself carries on.
 */
export function toUpdateFailure(error: unknown): ApplicationFailure {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    return ApplicationFailure.create({
      type: cause.type ?? 'ActivityFailed',
      message: cause.message,
      details: cause.details ? [...cause.details] : undefined,
      nonRetryable: true,
    });
  }
  if (error instanceof ApplicationFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.create({ type: 'ChangeFailed', message, nonRetryable: true });
}

/** The activity was refused by the directory fence: the directory is disconnected (rule 6). */
export function isDirectoryFrozen(error: unknown): boolean {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return false;
  const details = error.cause.details?.[0] as ScimFailureDetails | undefined;
  return error.cause.type === SCIM_FAILURE_TYPE && details?.status === 401;
}
