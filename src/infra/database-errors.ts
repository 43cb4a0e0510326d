/**
 * Whether an error means the database cannot be reached right now (down, restarting, pool
 * exhausted) rather than that the request was wrong: those become 503 with Retry-After.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  // query_canceled: on the API's pool, a statement past SCIM_READ_TIMEOUT_MS that is not a client's
  // list (those are 400 tooMany): an indexed lookup that slow means an overloaded database.
  '57014',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (name === 'KnexTimeoutError') return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|Connection ended unexpectedly|is not queryable|connect ECONNREFUSED|the database system is (starting up|shutting down)/i.test(
      message,
    )
  );
}

/**
 * SQLSTATE classes that mean the change itself can never be stored, whatever the retries:
 * 22 data exception (a NUL byte, a value out of range), 23 integrity constraint (other than the
 * unique violations the activities answer with 409), 42 syntax or access rule, 54 program limit
 * (an indexed value longer than a btree row). PostgreSQL appendix A.
 */
const UNIQUE_VIOLATION = '23505';

const INVALID_CHANGE_CLASSES = new Map<string, string>([
  ['22', 'data exception'],
  ['23', 'integrity constraint violation'],
  ['42', 'syntax error or access rule violation'],
  ['54', 'program limit exceeded'],
]);

export interface InvalidChange {
  sqlState: string;
  /** The SQLSTATE class's name: safe to show and log, unlike the server's message (it quotes values). */
  reason: string;
}

/** The change can never be stored (see INVALID_CHANGE_CLASSES); undefined for anything else. */
export function invalidChangeIn(error: unknown): InvalidChange | undefined {
  const sqlState = sqlStateOf(error);
  // A unique violation no activity turned into a 409 is a race between two changes: retried, it resolves.
  if (sqlState === UNIQUE_VIOLATION) return undefined;
  const reason = sqlState ? INVALID_CHANGE_CLASSES.get(sqlState.slice(0, 2)) : undefined;
  return sqlState && reason ? { sqlState, reason } : undefined;
}

/**
 * A database error described without the values it carries: knex prefixes the message with the
 * query and its bound values interpolated, and PostgreSQL's own message may quote the offending
 * value, so neither belongs in logs or workflow histories.
 */
export function describeDatabaseError(error: unknown): string | undefined {
  const sqlState = sqlStateOf(error);
  if (sqlState)
    return `database error SQLSTATE ${sqlState}${INVALID_CHANGE_CLASSES.has(sqlState.slice(0, 2)) ? ` (${INVALID_CHANGE_CLASSES.get(sqlState.slice(0, 2))})` : ''}`;
  return undefined;
}

function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  // A SQLSTATE is five characters of digits and upper-case letters; errno names (ECONNRESET) are not.
  return typeof code === 'string' && code.length === 5 && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
