import {
  isGrpcServiceError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { RequestRejected, REQUEST_REJECTED_FAILURE_TYPE } from '../domain/request-rejected';
import { TemporarilyUnavailable } from '../domain/temporarily-unavailable';
import { ScimError, type ScimType } from '../scim/errors';
import { SCIM_FAILURE_TYPE, type ScimFailureDetails } from '../../workflows/contracts';

/**
 * Turns what the Temporal client throws into the API's own errors: business rejections back into
 * the ScimError / RequestRejected they started as, unreachable or slow Temporal into
 * TemporarilyUnavailable (503). Anything else is a bug and stays a 500.
 */
export function translateTemporalError(error: unknown): Error {
  if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError) {
    const cause = applicationFailureIn(error.cause);
    if (cause) {
      if (cause.type === SCIM_FAILURE_TYPE) {
        const details = (cause.details?.[0] ?? { status: 500 }) as ScimFailureDetails;
        return new ScimError(details.status, cause.message, details.scimType as ScimType | undefined);
      }
      if (cause.type === REQUEST_REJECTED_FAILURE_TYPE) {
        const details = (cause.details?.[0] ?? {}) as { status?: number; code?: string };
        return new RequestRejected(details.status ?? 400, details.code ?? 'rejected', cause.message);
      }
    }
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new TemporarilyUnavailable('The change was not confirmed in time; retry the request');
  }
  if (isGrpcServiceError(error) && TRANSIENT_CODES.has(error.code)) {
    return new TemporarilyUnavailable(`Temporal is unavailable (${error.details || error.message})`);
  }
  if (error instanceof Error && /ECONNREFUSED|UNAVAILABLE|DEADLINE_EXCEEDED/.test(error.message)) {
    return new TemporarilyUnavailable(`Temporal is unavailable (${error.message})`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

// gRPC status codes: CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, UNAVAILABLE 14.
const TRANSIENT_CODES = new Set<number>([1, 4, 8, 14]);

/** The first ApplicationFailure in a cause chain (a workflow's failure wraps its activity's). */
function applicationFailureIn(error: unknown): ApplicationFailure | undefined {
  for (let current = error; current instanceof Error; current = (current as { cause?: unknown }).cause) {
    if (current instanceof ApplicationFailure) return current;
  }
  return undefined;
}
