import { ScimError } from '../scim/errors';

/** SQLSTATE query_canceled: what PostgreSQL raises when statement_timeout fires. */
export const QUERY_CANCELED = '57014';

/**
 * The API's pool has PostgreSQL cancel every statement after SCIM_READ_TIMEOUT_MS
 * (src/bootstrap/database.ts). The server enforces it, so no second connection is needed to
 * cancel (as knex's `.timeout(ms, {cancel: true})` needs, from a pool that is exhausted exactly
 * when queries run long).
 *
 * A cancelled list or search is 400 `tooMany` (RFC 7644 §3.12: "more results than the server is
 * willing to calculate"): the cost comes from the client's filter, sort or page, and a 4xx tells
 * the IdP not to resend the same query, where a 503 would invite it to repeat the expensive work.
 */
export async function cancelledAsTooMany<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isQueryCanceled(error)) {
      throw ScimError.badRequest('tooMany', 'The query took too long and was stopped; use a narrower filter or a smaller count');
    }
    throw error;
  }
}

function isQueryCanceled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === QUERY_CANCELED;
}
