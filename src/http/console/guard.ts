import type { Context, Middleware, Next } from 'koa';
import getRawBody from 'raw-body';
import { RequestRejected } from '../../domain/request-rejected';
import { serviceBaseUrl } from '../base-url';
import { SESSION_COOKIE, type Session, type SessionKeys } from './session';

declare module 'koa' {
  interface DefaultState {
    /** The signed-in console session (set by `requireSession`). */
    consoleSession?: Session;
  }
}

/**
 * Headers of every console and setup page: a strict Content-Security-Policy (scripts and styles
 * from this origin only, no inline script, no framing), no caching (tokens are shown once), and
 * no Referer to other sites (a setup link's secret is in its path).
 */
export function pageHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    ctx.set('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on a form POST,
    // which the Origin check must refuse; same-origin still keeps a setup link's path from other sites.
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Frame-Options', 'DENY');
    await next();
  };
}

/**
 * A state-changing request must come from a page of this service: its Origin (which browsers send
 * with every POST) must be the service's own. With SameSite=Strict cookies and the CSRF token, the
 * third of the console's CSRF defences; for setup links and sign-in, the first.
 */
export function sameOrigin(publicBaseUrl: string | undefined): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      const origin = ctx.get('origin');
      const own = new Set([serviceBaseUrl(ctx, publicBaseUrl), `${ctx.protocol}://${ctx.host}`]);
      if (!origin || !own.has(origin)) {
        throw new RequestRejected(403, 'cross_origin', 'This form must be sent from the console itself (the Origin header did not match)');
      }
    }
    await next();
  };
}

/**
 * The session cookie's attributes. Secure whenever the service is reached over HTTPS: the request
 * says so, or PUBLIC_BASE_URL does (TLS ended by a proxy in front, which Koa does not trust by itself).
 */
export function sessionCookieOptions(ctx: Context, expiresAt: number, publicBaseUrl: string | undefined) {
  const secure = ctx.secure || publicBaseUrl?.startsWith('https:') === true;
  // The cookies library refuses a Secure cookie on a plain connection unless told TLS is in front.
  if (secure) ctx.cookies.secure = true;
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    secure,
    expires: new Date(expiresAt),
    overwrite: true,
  };
}

/** Signed in, or: a page is sent to the sign-in page, a JSON call gets 401. */
export function requireSession(keys: SessionKeys): Middleware {
  return async (ctx: Context, next: Next) => {
    const session = keys.verify(ctx.cookies.get(SESSION_COOKIE));
    if (!session) {
      if (ctx.path.endsWith('.json') || ctx.method !== 'GET') {
        throw new RequestRejected(401, 'signed_out', 'Your console session has ended; sign in again');
      }
      ctx.redirect(`/console/sign-in?next=${encodeURIComponent(ctx.originalUrl)}`);
      return;
    }
    ctx.state.consoleSession = session;
    await next();
  };
}

/** Every POST carries the session's CSRF token: a form's `_csrf` field, or a fetch's X-CSRF-Token header. */
export function requireCsrf(keys: SessionKeys): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'POST') {
      const session = ctx.state.consoleSession as Session;
      const given = ctx.get('x-csrf-token') || formOf(ctx).get('_csrf') || undefined;
      if (!keys.csrfMatches(session, given)) {
        throw new RequestRejected(403, 'csrf', 'The form has expired or did not come from this console; reload the page and try again');
      }
    }
    await next();
  };
}

const FORM_LIMIT = 64 * 1024;
const forms = new WeakMap<Context, URLSearchParams>();

/** The request's urlencoded form (read once, bounded). Fields are read with get/getAll: never object keys. */
export function formOf(ctx: Context): URLSearchParams {
  return forms.get(ctx) ?? new URLSearchParams();
}

export function formBody(): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded')) {
      const text = await getRawBody(ctx.req, { length: ctx.request.length, limit: FORM_LIMIT, encoding: 'utf-8' });
      forms.set(ctx, new URLSearchParams(text));
    }
    await next();
  };
}
