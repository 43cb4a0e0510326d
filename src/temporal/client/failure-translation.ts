import {
  isGrpcServiceError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DirectoryFrozenError } from '../../domain/directory-frozen';
import { RequestRejected } from '../../domain/request-rejected';
import { TemporarilyUnavailable } from '../../domain/temporarily-unavailable';
import { ScimError, type ScimType } from '../../scim/errors';
import { FAILURE_TYPE, type RequestRejectedDetails, type ScimFailureDetails } from '../../../workflows/failure-types';

/**
 * The API's decoding half of the failure vocabulary (workflows/failure-types.ts): what the
 * Temporal client throws becomes the API's own errors. Rejections go back into the ScimError /
 * RequestRejected they started as, the fence's refusal into DirectoryFrozenError, a change whose
 * bounded retries ran out and an unreachable or slow Temporal into TemporarilyUnavailable (503).
 * Messages never carry Temporal's addresses. Anything else is a bug and stays a 500.
 */
export function translateTemporalError(error: unknown): Error {
  if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError) {
    const decoded = decodeFailure(applicationFailureIn(error.cause));
    if (decoded) return decoded;
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new TemporarilyUnavailable('The change was not confirmed in time; retry the request');
  }
  // The client wraps the gRPC error of a failed start in a ServiceError: look down the causes.
  if (causes(error).some((cause) => isGrpcServiceError(cause) && TRANSIENT_CODES.has(cause.code))) {
    return new TemporarilyUnavailable('The workflow service is unavailable; retry the request');
  }
  if (error instanceof Error && /ECONNREFUSED|UNAVAILABLE|DEADLINE_EXCEEDED/.test(error.message)) {
    return new TemporarilyUnavailable('The workflow service is unavailable; retry the request');
  }
  return error instanceof Error ? error : new Error(String(error));
}

function decodeFailure(failure: ApplicationFailure | undefined): Error | undefined {
  switch (failure?.type) {
    case FAILURE_TYPE.scim: {
      const details = (failure.details?.[0] ?? { status: 500 }) as ScimFailureDetails;
      return new ScimError(details.status, failure.message, details.scimType as ScimType | undefined);
    }
    case FAILURE_TYPE.requestRejected: {
      const details = (failure.details?.[0] ?? {}) as Partial<RequestRejectedDetails>;
      return new RequestRejected(details.status ?? 400, details.code ?? 'rejected', failure.message);
    }
    case FAILURE_TYPE.directoryFrozen:
      return new DirectoryFrozenError();
    case FAILURE_TYPE.unavailable:
    case FAILURE_TYPE.legacyUnavailable:
      return new TemporarilyUnavailable('The change could not be applied in time; nothing was changed, retry the request');
    default:
      return undefined;
  }
}

// gRPC status codes: CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, UNAVAILABLE 14.
const TRANSIENT_CODES = new Set<number>([1, 4, 8, 14]);

/** The first ApplicationFailure in a cause chain (a workflow's failure wraps its activity's). */
function applicationFailureIn(error: unknown): ApplicationFailure | undefined {
  return causes(error).find((cause): cause is ApplicationFailure => cause instanceof ApplicationFailure);
}

/** The error and its causes, at most a few deep. */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 8; current = (current as { cause?: unknown }).cause)
    chain.push(current);
  return chain;
}
