import { randomUUID } from 'node:crypto';

/** The response header that carries the request id, and the request header a caller may set it with. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * A caller's request id is taken as it is only when it is short and plain: it is copied into every
 * log line and echoed in a response header, so it must not carry newlines, quotes, control or
 * non-ASCII characters (log and header injection), nor be large. UUIDs, ULIDs, Okta's and Entra's
 * ids and `trace-…` forms all fit. Anything else is replaced, not cleaned: a half-kept id would
 * match nothing on the caller's side.
 */
const ACCEPTED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function acceptedRequestId(header: string | undefined): string | undefined {
  return header !== undefined && ACCEPTED.test(header) ? header : undefined;
}

/** The caller's id when acceptable, otherwise a new one. */
export function requestIdFor(header: string | undefined, generate: () => string = randomUUID): string {
  return acceptedRequestId(header) ?? generate();
}
