import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { RequestRejected, REQUEST_REJECTED_FAILURE_TYPE } from '../src/domain/request-rejected';
import { ScimError } from '../src/scim/errors';
import { SCIM_FAILURE_TYPE, type ScimFailureDetails } from '../workflows/contracts';

/**
 * Business rejections leave the activity as non-retryable, benign (logged at debug level)
 * ApplicationFailures, since retrying cannot change the answer; anything else is thrown as is and retried by Temporal.
 */
export async function rejectingBusinessErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ScimError) {
      const details: ScimFailureDetails = { status: error.status, ...(error.scimType ? { scimType: error.scimType } : {}) };
      throw ApplicationFailure.create({
        type: SCIM_FAILURE_TYPE,
        message: error.message,
        details: [details],
        nonRetryable: true,
        category: ApplicationFailureCategory.BENIGN,
      });
    }
    if (error instanceof RequestRejected) {
      throw ApplicationFailure.create({
        type: REQUEST_REJECTED_FAILURE_TYPE,
        message: error.message,
        details: [{ status: error.status, code: error.code }],
        nonRetryable: true,
        category: ApplicationFailureCategory.BENIGN,
      });
    }
    throw error;
  }
}
