import type { Middleware } from 'koa';
import { SCIM_CONTENT_TYPE } from '../../scim/schemas';
import type { ScimService } from '../../services/scim/dispatcher';
import type { ScimState } from '../context';
import { scimAuth, type ScimAuthDeps } from './auth';

export const SCIM_PREFIX = '/scim/v2';

/**
 * The HTTP adapter of the SCIM layer: authenticates the directory, turns the Koa request into a
 * framework-free ScimRequest, and writes back the ScimResponse. Errors go to the error handler.
 */
export function scimApi(deps: ScimAuthDeps & { service: ScimService }): Middleware<ScimState> {
  const authenticate = scimAuth(deps);
  return async (ctx, next) => {
    if (ctx.path !== SCIM_PREFIX && !ctx.path.startsWith(`${SCIM_PREFIX}/`)) return next();
    await authenticate(ctx, async () => {
      const response = await deps.service.handle({
        directory: ctx.state.directory,
        baseUrl: ctx.state.scimBaseUrl,
        method: ctx.method,
        path: ctx.path.slice(SCIM_PREFIX.length) || '/',
        query: ctx.query,
        body: ctx.request.body,
        ifMatch: ctx.get('if-match') || undefined,
        ifNoneMatch: ctx.get('if-none-match') || undefined,
      });
      ctx.status = response.status;
      for (const [name, value] of Object.entries(response.headers ?? {})) ctx.set(name, value);
      if (response.body !== undefined) {
        ctx.body = response.body;
        ctx.type = SCIM_CONTENT_TYPE;
      }
    });
  };
}
