import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/database';
import { secretsEqual } from '../../domain/directory-token';
import type { Logger } from '../../infra/logger';
import { insertAccount, listAccountsOverview } from '../../stores/accounts';
import type { DirectoryConnection } from '../../temporal/client/directory-connection';
import type { MemberAdministration } from '../../temporal/client/member-administration';
import { accountSchema } from '../admin/schemas';
import { accountRoutes } from './account-routes';
import { serveAssets } from './assets';
import { consoleFailures } from './failures';
import { formBody, formOf, pageHeaders, requireCsrf, requireSession, sameOrigin, sessionCookieOptions } from './guard';
import { accountsPage } from './pages/accounts';
import { signInPage } from './pages/sign-in';
import { SESSION_COOKIE, SessionKeys, type Session } from './session';
import { setupRoutes } from './setup-routes';

export interface ConsoleDeps {
  db: Database;
  connection: DirectoryConnection;
  members: MemberAdministration;
  adminToken: string;
  sessionMinutes: number;
  logger: Logger;
  publicBaseUrl?: string;
  /** The Temporal UI, for links to members' workflows; none when unknown. */
  temporalUiUrl?: string;
  namespace: string;
}

const PAGE = 50;

/**
 * The support console at /console and the customer's setup pages at /setup (README, Support
 * console). The app mounts the prelude (headers, failures as pages, Origin check, form bodies)
 * and then the routers, last, so the prelude wraps them and nothing else.
 */
export function consoleAndSetup(deps: ConsoleDeps): { prelude: Middleware; routers: Router[] } {
  const keys = new SessionKeys(deps.adminToken, deps.sessionMinutes * 60_000);

  const open = new Router();
  serveAssets(open);
  open.get('/console/sign-in', (ctx) => {
    ctx.type = 'html';
    ctx.body = signInPage({ next: safeNext(ctx.query.next) });
  });
  open.post('/console/sign-in', (ctx) => {
    const form = formOf(ctx);
    const next = safeNext(form.get('next') ?? undefined);
    if (!secretsEqual(form.get('token') ?? '', deps.adminToken)) {
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = signInPage({ error: 'That is not the admin token.', next });
      return;
    }
    const { cookie, session } = keys.issue();
    ctx.cookies.set(SESSION_COOKIE, cookie, sessionCookieOptions(ctx, session.expiresAt, deps.publicBaseUrl));
    ctx.redirect(next);
  });

  const signedIn = new Router();
  signedIn.use(requireSession(keys), requireCsrf(keys));
  signedIn.post('/console/sign-out', (ctx) => {
    ctx.cookies.set(SESSION_COOKIE, '', sessionCookieOptions(ctx, 0, deps.publicBaseUrl));
    ctx.redirect('/console/sign-in');
  });
  signedIn.get('/console', async (ctx) => {
    const search = typeof ctx.query.q === 'string' && ctx.query.q.trim() ? ctx.query.q.trim().slice(0, 320) : undefined;
    const after = typeof ctx.query.after === 'string' ? ctx.query.after.slice(0, 64) : undefined;
    const rows = await listAccountsOverview(deps.db, {
      ...(after ? { afterId: after } : {}),
      ...(search ? { search } : {}),
      limit: PAGE + 1,
    });
    ctx.type = 'html';
    ctx.body = accountsPage({
      session: ctx.state.consoleSession as Session,
      rows: rows.slice(0, PAGE),
      ...(search ? { search } : {}),
      ...(rows.length > PAGE ? { nextAfter: rows[PAGE - 1]!.id } : {}),
    });
  });
  signedIn.post('/console/accounts', async (ctx) => {
    const form = formOf(ctx);
    const submitted = { id: (form.get('id') ?? '').trim(), name: form.get('name') ?? '' };
    const parsed = accountSchema.safeParse(submitted);
    const refuse = async (status: number, error: string) => {
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = accountsPage({
        session: ctx.state.consoleSession as Session,
        rows: await listAccountsOverview(deps.db, { limit: PAGE }),
        error,
        submitted,
      });
    };
    if (!parsed.success) return refuse(400, parsed.error.issues.map((i) => i.message).join('; '));
    if (!(await insertAccount(deps.db, parsed.data))) return refuse(409, `Account ${parsed.data.id} already exists.`);
    ctx.redirect(`/console/accounts/${encodeURIComponent(parsed.data.id)}?done=created`);
  });
  accountRoutes(signedIn, deps);

  const setup = setupRoutes(deps, keys);
  const pages = inOrder([pageHeaders(), consoleFailures(deps.logger), sameOrigin(deps.publicBaseUrl), formBody()]);
  return {
    // Everything else (SCIM, the admin API, health) passes by untouched.
    prelude: (ctx, next) =>
      ctx.path === '/console' || ctx.path.startsWith('/console/') || ctx.path.startsWith('/setup/') ? pages(ctx, next) : next(),
    routers: [open, signedIn, setup],
  };
}

/** Runs middlewares one after the other, then the app's next (koa-compose, in a few lines). */
function inOrder(middlewares: Middleware[]): Middleware {
  return (ctx, next) => {
    const run = async (i: number): Promise<void> => (i === middlewares.length ? next() : middlewares[i]!(ctx, () => run(i + 1)));
    return run(0);
  };
}

/** Where to go after signing in: a console path only (never another site). */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/console(\/[^\\]*)?(\?.*)?$/.test(value) && !value.startsWith('//') ? value : '/console';
}
