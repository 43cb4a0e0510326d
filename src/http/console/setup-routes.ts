import Router from '@koa/router';
import type { Context } from 'koa';
import { isLive } from '../../domain/directory-lifecycle';
import { RequestRejected } from '../../domain/request-rejected';
import type { SetupLinkRow } from '../../db/rows';
import { findAccount } from '../../stores/accounts';
import { scimBaseUrl } from '../base-url';
import { directoryStatus, type DirectoryStatusView } from '../directory-status';
import { openSetupLink } from '../setup-links';
import { setupPage, setupSummary } from './pages/setup';
import type { ConsoleDeps } from './router';
import type { SessionKeys } from './session';

const REFUSALS = new Map([
  ['unknown', { status: 404, message: 'This setup link is not valid. Ask your support contact for a new one.' }],
  ['expired', { status: 410, message: 'This setup link has expired. Ask your support contact for a new one.' }],
  ['revoked', { status: 410, message: 'This setup link was revoked. Ask your support contact for a new one.' }],
]);

/**
 * The setup link's pages (/setup/<link>): the link is the only credential, and everything it
 * reaches is its own directory: the status, and a fresh token through the rotate-token workflow
 * (which refuses a disconnected directory rather than reconnect it). Nothing else answers to it.
 */
export function setupRoutes(deps: ConsoleDeps, keys: SessionKeys): Router {
  const router = new Router({ prefix: '/setup' });

  const usable = async (ctx: Context): Promise<{ link: SetupLinkRow; status: DirectoryStatusView }> => {
    const opened = await openSetupLink(deps.db, ctx.params.link!);
    if (opened.state !== 'usable') {
      const refusal = REFUSALS.get(opened.state)!;
      throw new RequestRejected(refusal.status, `setup_link_${opened.state}`, refusal.message);
    }
    const status = await directoryStatus(deps.db, opened.link.account_id);
    // The link belongs to one directory: if the account's directory is not that one, it opens nothing.
    if (!status || status.directoryId !== opened.link.directory_id)
      throw new RequestRejected(404, 'setup_link_unknown', REFUSALS.get('unknown')!.message);
    return { link: opened.link, status };
  };

  router.get('/:link', async (ctx) => {
    const { link, status } = await usable(ctx);
    if (!isLive(status)) {
      throw new RequestRejected(
        409,
        'not_connected',
        'The directory this link sets up was disconnected. Ask your support contact to connect it again.',
      );
    }
    const account = await findAccount(deps.db, link.account_id);
    ctx.type = 'html';
    ctx.body = setupPage({
      accountName: account?.name ?? link.account_id,
      linkPath: `/setup/${ctx.params.link!}`,
      csrfToken: keys.setupCsrf(link.id),
      scimBaseUrl: scimBaseUrl(ctx, deps.publicBaseUrl),
      status,
      expiresAt: link.expires_at,
    });
  });

  router.get('/:link/status.json', async (ctx) => {
    const { status } = await usable(ctx);
    ctx.body = { status: status.status, users: status.users, groups: status.groups, summary: setupSummary(status) };
  });

  router.post('/:link/token', async (ctx) => {
    const { link } = await usable(ctx);
    if (!keys.setupCsrfMatches(link.id, ctx.get('x-csrf-token') || undefined)) {
      throw new RequestRejected(403, 'csrf', 'This page is out of date; reload it and try again.');
    }
    const result = await deps.connection.connect(link.account_id, {
      rotate: true,
      onlyIfLive: true,
      scimBaseUrl: scimBaseUrl(ctx, deps.publicBaseUrl),
    });
    ctx.body = { token: result.token, scimBaseUrl: result.scimBaseUrl };
  });

  return router;
}
