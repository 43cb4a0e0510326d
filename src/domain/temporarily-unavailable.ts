/**
 * A dependency (Temporal, the database) did not answer in time. The change may still be applied
 * later by its workflow, so the caller must retry rather than assume either outcome: HTTP 503 with
 * Retry-After, never a 2xx.
 */
export class TemporarilyUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
    this.name = 'TemporarilyUnavailable';
  }
}
