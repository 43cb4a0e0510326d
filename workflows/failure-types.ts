/**
 * The one vocabulary of change failures that cross Temporal. Activities encode a thrown error
 * into one of these ApplicationFailure types (activities/failures.ts); workflows decode them
 * (workflows/failures.ts) and the API turns them back into HTTP answers
 * (src/temporal/failure-translation.ts). Type names are part of the contract with running
 * workflows and recorded histories: never rename them.
 */
export const FAILURE_TYPE = {
  /** A SCIM error the IdP can fix (bad value, uniqueness, precondition): details `ScimFailureDetails`. */
  scim: 'ScimError',
  /** An admin-API refusal (unknown account, already connected, ...): details `{status, code}`. */
  requestRejected: 'RequestRejected',
  /** The directory fence refused the change: the directory is disconnected (docs/product-rules.md rule 6). */
  directoryFrozen: 'DirectoryFrozen',
  /**
   * The change could not be applied within its bounded retry schedule (database or worker
   * trouble). Nothing was committed; the caller may retry. Earlier workers called it `ChangeFailed`.
   */
  unavailable: 'ChangeUnavailable',
  legacyUnavailable: 'ChangeFailed',
} as const;

export interface ScimFailureDetails {
  status: number;
  scimType?: string;
}

export interface RequestRejectedDetails {
  status: number;
  code: string;
}

export const DIRECTORY_FROZEN_MESSAGE = 'The directory is disconnected: changes from the identity provider are no longer applied';
