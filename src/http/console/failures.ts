import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { DirectoryFrozenError } from '../../domain/directory-frozen';
import { RequestRejected } from '../../domain/request-rejected';
import { TemporarilyUnavailable } from '../../domain/temporarily-unavailable';
import { isDatabaseUnavailable } from '../../infra/database-errors';
import type { Logger } from '../../infra/logger';
import { ScimError } from '../../scim/errors';
import { errorPage } from './pages/error';
import type { Session } from './session';

export interface Failure {
  status: number;
  message: string;
}

/** A failure as a readable sentence; an unexpected one is logged with an id the reader can quote. */
export function describeFailure(error: unknown, logger: Logger, where: string): Failure {
  if (error instanceof RequestRejected) return { status: error.status, message: error.message };
  if (error instanceof ScimError) return { status: error.status, message: error.message };
  if (error instanceof TemporarilyUnavailable) return { status: 503, message: error.message };
  if (error instanceof DirectoryFrozenError) return { status: 409, message: error.message };
  if (isDatabaseUnavailable(error)) return { status: 503, message: 'The database is unavailable; try again in a moment.' };
  const http = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof http.status === 'number' && http.status >= 400 && http.status < 500) {
    return { status: http.status, message: http.expose && typeof http.message === 'string' ? http.message : 'The request was refused.' };
  }
  const errorId = randomUUID();
  logger.error('console request failed', {
    errorId,
    where,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return { status: 500, message: `Something went wrong on our side (error ${errorId}); the logs have the details.` };
}

/**
 * Renders every failure under /console and /setup: JSON for the pages' fetch calls, a page with
 * the reason otherwise (and for an unknown path), so no failure is ever a blank page.
 */
export function consoleFailures(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new RequestRejected(404, 'not_found', `There is no page at ${ctx.path}.`);
    } catch (error) {
      const failure = describeFailure(error, logger, ctx.path);
      ctx.status = failure.status;
      if (ctx.path.endsWith('.json') || ctx.get('accept').startsWith('application/json')) {
        ctx.body = { error: { status: failure.status, message: failure.message } };
        return;
      }
      const session = ctx.state.consoleSession as Session | undefined;
      ctx.type = 'html';
      ctx.body = errorPage({
        title: failure.status === 404 ? 'Not found' : failure.status === 403 ? 'Refused' : 'Something went wrong',
        message: failure.message,
        ...(session ? { session } : {}),
        back: ctx.path.startsWith('/setup')
          ? undefined
          : { href: session ? '/console' : '/console/sign-in', text: session ? 'Back to the accounts' : 'Sign in' },
      });
    }
  };
}
