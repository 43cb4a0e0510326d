import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { DirectoryFrozenError } from '../domain/directory-frozen';
import { RequestRejected } from '../domain/request-rejected';
import { TemporarilyUnavailable } from '../domain/temporarily-unavailable';
import { describeDatabaseError, invalidChangeIn, isDatabaseUnavailable } from '../infra/database-errors';
import type { Logger } from '../infra/logger';
import { ScimError } from '../scim/errors';
import { SCIM_CONTENT_TYPE } from '../scim/schemas';

/**
 * First in the chain: renders every failure. SCIM paths get RFC 7644 §3.12 bodies as
 * application/scim+json, the admin API gets `{error: {...}}`. Unexpected errors are logged with an
 * id that the response carries; no stack trace ever reaches the client.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new RequestRejected(404, 'not_found', `No resource at ${ctx.path}`);
      }
    } catch (caught) {
      const error = fromDatabase(caught);
      const rendered = toHttpError(error);
      // Only an unexpected error is logged and masked; a deliberate 501 or 503 keeps its message.
      if (rendered.code === 'internal') {
        const errorId = randomUUID();
        logger.error('request failed', { errorId, method: ctx.method, path: ctx.path, error: describe(error) });
        rendered.message = `Internal error ${errorId}`;
      }
      ctx.status = rendered.status;
      if (error instanceof TemporarilyUnavailable) ctx.set('Retry-After', String(error.retryAfterSeconds));
      if (rendered.status === 401 && ctx.path.startsWith('/scim/')) ctx.set('WWW-Authenticate', 'Bearer realm="SCIM"');
      if (ctx.path.startsWith('/scim/')) {
        const scim = error instanceof ScimError ? error : new ScimError(rendered.status, rendered.message, rendered.scimType);
        ctx.body = scim.toJSON();
        ctx.type = SCIM_CONTENT_TYPE;
      } else {
        ctx.body = { error: { status: rendered.status, code: rendered.code, message: rendered.message } };
      }
    }
  };
}

interface HttpErrorView {
  status: number;
  code: string;
  message: string;
  scimType?: ScimError['scimType'];
}

function toHttpError(error: unknown): HttpErrorView {
  if (error instanceof ScimError) {
    return { status: error.status, code: error.scimType ?? 'scim_error', message: error.message, scimType: error.scimType };
  }
  if (error instanceof RequestRejected) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof DirectoryFrozenError) return { status: 401, code: 'directory_disconnected', message: error.message };
  if (error instanceof TemporarilyUnavailable) return { status: 503, code: 'unavailable', message: error.message };
  const http = error as { status?: unknown; type?: unknown; expose?: unknown; message?: unknown };
  if (typeof http.status === 'number' && http.status >= 400 && http.status < 500) {
    // raw-body's refusal of a body over the limit (json-body.ts renders malformed JSON itself).
    if (http.type === 'entity.too.large' || http.status === 413) {
      return { status: 413, code: 'too_large', message: 'The request body is too large' };
    }
    return {
      status: http.status,
      code: 'http_error',
      message: typeof http.message === 'string' && http.expose ? http.message : 'Bad request',
    };
  }
  if (typeof http.status === 'number' && (http.status === 501 || http.status === 503)) {
    return { status: http.status, code: 'http_error', message: String(http.message ?? 'Not implemented') };
  }
  return { status: 500, code: 'internal', message: 'Internal error' };
}

/**
 * A database that cannot be reached is a 503; a value it can never store (a read whose filter
 * carries a byte PostgreSQL refuses, say) is the caller's 400. Neither echoes the database's message.
 */
function fromDatabase(error: unknown): unknown {
  if (isDatabaseUnavailable(error)) return new TemporarilyUnavailable('The database is unavailable; retry the request');
  const invalid = invalidChangeIn(error);
  if (invalid)
    return ScimError.badRequest('invalidValue', `The request cannot be served (SQLSTATE ${invalid.sqlState}, ${invalid.reason})`);
  return error;
}

/**
 * The error and its causes (a Temporal failure's reason is usually in its cause). A database
 * error is described by its SQLSTATE only: its message quotes the query's values.
 */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (
    let current = error;
    current !== undefined && current !== null && parts.length < 5;
    current = (current as { cause?: unknown }).cause
  ) {
    const database = describeDatabaseError(current);
    if (database) parts.push(database);
    else
      parts.push(
        current instanceof Error
          ? parts.length === 0
            ? (current.stack ?? current.message)
            : `${current.name}: ${current.message}`
          : String(current),
      );
  }
  return parts.join('\ncaused by: ');
}
