import type { Middleware } from 'koa';

/**
 * CORS for the Temporal UI, which calls the codec endpoint from the operator's browser with
 * `Content-Type: application/json` and `X-Namespace` (so every call is preflighted), plus
 * `Authorization` when configured to pass a token, or cookies with include-credentials.
 * Only the one configured origin is allowed; the preflight itself carries no credentials, so it is
 * answered before authentication.
 */
export function codecCors(allowedOrigin: string | undefined): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    const allowed = allowedOrigin !== undefined && origin === allowedOrigin;
    ctx.vary('Origin');
    if (allowed) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
    }
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '') {
      if (allowed) {
        ctx.set('Access-Control-Allow-Methods', 'POST');
        ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    await next();
  };
}
