import type { Middleware, ParameterizedContext } from 'koa';
import { SCIM_CONTENT_TYPE } from '../../scim/schemas';
import type { ScimService } from './dispatcher';
import type { ScimState } from '../context';
import { jsonBody, type JsonBodyLimits } from '../json-body';
import { scimAuth, type ScimAuthDeps } from './auth';
import { scimInFlightLimit, type InFlightLimitSettings } from './in-flight-limit';
import { scimRateLimit, type RateLimitSettings } from './rate-limit';

export const SCIM_PREFIX = '/scim/v2';

export interface ScimApiDeps extends ScimAuthDeps {
  service: ScimService;
  body: JsonBodyLimits;
  rateLimit: RateLimitSettings;
  inFlightLimit: InFlightLimitSettings;
}

/**
 * The HTTP adapter of the SCIM layer: authenticates the directory, spends one of its rate-limit
 * tokens, waits for one of its in-flight turns, reads the body (in that order, so neither an
 * anonymous nor a throttled nor a waiting request costs a parse), turns the Koa request into a framework-free ScimRequest, and writes back the
 * ScimResponse. Errors go to the error handler.
 */
export function scimApi(deps: ScimApiDeps): Middleware<ScimState> {
  const authenticate = scimAuth(deps);
  const limitRate = scimRateLimit(deps.rateLimit);
  const limitInFlight = scimInFlightLimit(deps.inFlightLimit);
  const readBody = jsonBody(deps.body);
  return async (ctx, next) => {
    if (ctx.path !== SCIM_PREFIX && !ctx.path.startsWith(`${SCIM_PREFIX}/`)) return next();
    await authenticate(ctx, () => limitRate(ctx, () => limitInFlight(ctx, () => readBody(ctx, () => respond(deps.service, ctx)))));
  };
}

/** Translates: the Koa request to a ScimRequest, the ScimResponse back to Koa. */
async function respond(service: ScimService, ctx: ParameterizedContext<ScimState>): Promise<void> {
  const response = await service.handle({
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
}
