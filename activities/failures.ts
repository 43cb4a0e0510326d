import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { DirectoryFrozenError } from '../src/domain/directory-frozen';
import { RequestRejected } from '../src/domain/request-rejected';
import { describeDatabaseError } from '../src/infra/database-errors';
import { rejectionOf } from '../src/stores/change-transaction';
import { FAILURE_TYPE, type RequestRejectedDetails, type ScimFailureDetails } from '../workflows/failure-types';

/**
 * The encoding half of the failure vocabulary (workflows/failure-types.ts): what an activity
 * throws leaves it as one of the named ApplicationFailures.
 * - A rejection the caller can fix (SCIM error, admin refusal, a validation error, a change the
 *   database can never store) is non-retryable: it fails once and the caller sees a 4xx.
 * - The fence's refusal is the named `DirectoryFrozen` kind.
 * - Anything else is infrastructure trouble and stays retryable, on the workflow's bounded
 *   schedule; a database error is re-thrown without the values its message quotes.
 */
export async function encodeFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw encodeFailure(error);
  }
}

export function encodeFailure(error: unknown): Error {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof DirectoryFrozenError) {
    return ApplicationFailure.create({
      type: FAILURE_TYPE.directoryFrozen,
      message: error.message,
      nonRetryable: true,
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  if (error instanceof RequestRejected) {
    const details: RequestRejectedDetails = { status: error.status, code: error.code };
    return ApplicationFailure.create({
      type: FAILURE_TYPE.requestRejected,
      message: error.message,
      details: [details],
      nonRetryable: true,
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  const rejection = rejectionOf(error);
  if (rejection) {
    const details: ScimFailureDetails = { status: rejection.status, ...(rejection.scimType ? { scimType: rejection.scimType } : {}) };
    return ApplicationFailure.create({
      type: FAILURE_TYPE.scim,
      message: rejection.message,
      details: [details],
      nonRetryable: true,
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  const database = describeDatabaseError(error);
  if (database) return ApplicationFailure.create({ type: 'DatabaseError', message: database, nonRetryable: false });
  return error instanceof Error ? error : new Error(String(error));
}
