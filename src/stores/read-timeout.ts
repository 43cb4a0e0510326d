import type { Knex } from 'knex';
import { ScimError } from '../scim/errors';

/** SQLSTATE query_canceled: what PostgreSQL raises when statement_timeout fires. */
const QUERY_CANCELED = '57014';

/**
 * Runs SCIM reads in a READ ONLY transaction whose statements PostgreSQL itself cancels after
 * `timeoutMs` (SET LOCAL statement_timeout, via set_config so the value is a bound parameter).
 * The server enforces it, so no second connection is needed to cancel (as knex's `.timeout(ms,
 * {cancel: true})` needs, from a pool that is exhausted exactly when queries run long), and the
 * setting ends with the transaction, never leaking to the next user of the pooled connection.
 *
 * A cancelled read is 400 `tooMany` (RFC 7644 §3.12: "more results than the server is willing to
 * calculate"): the cost comes from the client's filter, sort or page, and a 4xx tells the IdP not
 * to resend the same query, where a 503 would invite it to repeat the expensive work.
 */
export async function withReadTimeout<T>(db: Knex, timeoutMs: number, read: (reader: Knex) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(
      async (trx) => {
        await trx.raw("select set_config('statement_timeout', ?, true)", [`${timeoutMs}ms`]);
        return read(trx);
      },
      { readOnly: true },
    );
  } catch (error) {
    if (isQueryCanceled(error)) {
      throw ScimError.badRequest(
        'tooMany',
        `The query took longer than ${timeoutMs} ms and was stopped; use a narrower filter or a smaller count`,
      );
    }
    throw error;
  }
}

function isQueryCanceled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === QUERY_CANCELED;
}
