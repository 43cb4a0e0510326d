import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { AccountRow } from '../../db/rows';
import { RequestRejected } from '../../domain/request-rejected';
import { findAccount } from '../../stores/accounts';
import { recentFeedStart } from '../../stores/audit-log';
import { findDirectoryByAccount } from '../../stores/directories';
import { countMembers, pageMembers } from '../../stores/members';
import { listRoleMappings } from '../../stores/role-mappings';
import { encodeCursor } from '../../domain/feed-cursor';
import { userWorkflowId } from '../../../workflows/ids';
import { eventsQuerySchema, readEvents } from '../admin/events';
import { mappingsSchema, providerSchema } from '../admin/schemas';
import { scimBaseUrl, serviceBaseUrl } from '../base-url';
import { directoryStatus } from '../directory-status';
import { createSetupLink, revokeLink, setupLinksOf } from '../setup-links';
import { formOf } from './guard';
import { accountPage, type AccountPageData } from './pages/account';
import { eventsPage } from './pages/events';
import { membersPage } from './pages/members';
import type { ConsoleDeps } from './router';
import type { Session } from './session';

/** Notices after a redirect: fixed texts chosen by key, so nothing from the URL is echoed. */
const DONE = new Map([
  ['created', 'Account created. Connect its directory below.'],
  ['disconnected', 'Directory disconnected: its token no longer works and members and roles are frozen as they are.'],
  ['mappings', 'Role mappings saved; affected members are being re-resolved.'],
  ['revoked', 'Setup link revoked: it no longer opens.'],
]);

const MEMBERS_PAGE = 100;
const RECENT = 10;

/** The account page, its actions (each through the same services and workflows as the admin API) and its sub-pages. */
export function accountRoutes(router: Router, deps: ConsoleDeps): void {
  const { db } = deps;
  const session = (ctx: Context) => ctx.state.consoleSession as Session;
  const base = (id: string) => `/console/accounts/${encodeURIComponent(id)}`;
  const account = async (ctx: Context): Promise<AccountRow> => {
    const row = await findAccount(db, ctx.params.id!);
    if (!row) throw new RequestRejected(404, 'account_not_found', `There is no account ${ctx.params.id}.`);
    return row;
  };
  const workflowUrl = (workflowId: string) =>
    deps.temporalUiUrl
      ? `${deps.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`
      : undefined;

  const render = async (ctx: Context, row: AccountRow, extra: Partial<AccountPageData> = {}) => {
    const start = await recentFeedStart(db, row.id, RECENT);
    const [status, mappings, links, memberCount, recent] = await Promise.all([
      directoryStatus(db, row.id),
      listRoleMappings(db, row.id),
      setupLinksOf(db, row.id),
      countMembers(db, row.id),
      readEvents(db, row.id, { limit: RECENT, ...(start ? { after: encodeCursor(start) } : {}) }),
    ]);
    const done = typeof ctx.query.done === 'string' ? DONE.get(ctx.query.done) : undefined;
    ctx.type = 'html';
    ctx.body = accountPage({
      session: session(ctx),
      account: row,
      ...(status ? { status } : {}),
      scimBaseUrl: scimBaseUrl(ctx, deps.publicBaseUrl),
      mappings,
      links,
      memberCount,
      recent: recent.events,
      workflowUrl,
      ...(done ? { notice: done } : {}),
      ...extra,
    });
  };

  router.get('/console/accounts/:id', async (ctx) => render(ctx, await account(ctx)));

  // Polled every 2 s by the page (pending → connected without a reload).
  router.get('/console/accounts/:id/status.json', async (ctx) => {
    const row = await account(ctx);
    const status = await directoryStatus(db, row.id);
    ctx.body = status ?? { status: 'not connected', users: 0, groups: 0, warnings: [] };
  });

  router.post('/console/accounts/:id/connect', async (ctx) => {
    const row = await account(ctx);
    const provider = providerSchema.safeParse(formOf(ctx).get('provider'));
    if (!provider.success) return render(ctx, row, { error: 'Choose one of the listed identity providers.' });
    const result = await deps.connection.connect(row.id, {
      provider: provider.data,
      rotate: false,
      scimBaseUrl: scimBaseUrl(ctx, deps.publicBaseUrl),
    });
    await render(ctx, row, {
      revealed: { token: result.token },
      notice: 'Directory connected (pending until the identity provider sends its first request).',
    });
  });

  router.post('/console/accounts/:id/rotate-token', async (ctx) => {
    const row = await account(ctx);
    const result = await deps.connection.connect(row.id, {
      rotate: true,
      onlyIfLive: true,
      scimBaseUrl: scimBaseUrl(ctx, deps.publicBaseUrl),
    });
    await render(ctx, row, { revealed: { token: result.token }, notice: 'Token rotated: the previous token stopped working.' });
  });

  router.post('/console/accounts/:id/disconnect', async (ctx) => {
    const row = await account(ctx);
    await deps.connection.disconnect(row.id);
    ctx.redirect(`${base(row.id)}?done=disconnected`);
  });

  router.post('/console/accounts/:id/role-mappings', async (ctx) => {
    const row = await account(ctx);
    const form = formOf(ctx);
    const roles = form.getAll('role');
    const rows = form.getAll('group').map((group, i) => ({ group, role: roles[i] ?? '' }));
    // Empty rows are dropped; refusals are shown next to the row they came from.
    const kept = rows.map((r, index) => ({ ...r, index })).filter((r) => r.group.trim() !== '');
    const parsed = mappingsSchema.safeParse(kept.map(({ group, role }) => ({ group, role })));
    if (!parsed.success) {
      const rowErrors = new Map<number, string>();
      const general: string[] = [];
      for (const issue of parsed.error.issues) {
        const at = typeof issue.path[0] === 'number' ? kept[issue.path[0]]?.index : undefined;
        if (at === undefined) general.push(issue.message);
        else rowErrors.set(at, rowErrors.has(at) ? `${rowErrors.get(at)}; ${issue.message}` : issue.message);
      }
      ctx.status = 400;
      const error = [...general, ...(rowErrors.size ? ['see the rows marked below'] : [])].join('; ');
      return render(ctx, row, { mappingForm: { rows, rowErrors, error } });
    }
    try {
      await deps.members.saveRoleMappings(row.id, parsed.data);
    } catch (error) {
      if (!(error instanceof RequestRejected)) throw error;
      ctx.status = error.status;
      return render(ctx, row, { mappingForm: { rows, rowErrors: new Map(), error: error.message } });
    }
    ctx.redirect(`${base(row.id)}?done=mappings`);
  });

  router.post('/console/accounts/:id/setup-links', async (ctx) => {
    const row = await account(ctx);
    const days = z.coerce.number().int().min(1).max(30).safeParse(formOf(ctx).get('days'));
    if (!days.success) return render(ctx, row, { error: 'Choose how many days the link lasts (1 to 30).' });
    const link = await createSetupLink(db, row.id, days.data * 24, serviceBaseUrl(ctx, deps.publicBaseUrl));
    await render(ctx, row, {
      revealed: { setupLinkUrl: link.url, setupLinkExpiresAt: link.expiresAt },
      notice: 'Setup link created: send it to the customer’s IT admin. It is shown once.',
    });
  });

  router.post('/console/accounts/:id/setup-links/:linkId/revoke', async (ctx) => {
    const row = await account(ctx);
    await revokeLink(db, row.id, ctx.params.linkId!);
    ctx.redirect(`${base(row.id)}?done=revoked`);
  });

  router.get('/console/accounts/:id/members', async (ctx) => {
    const row = await account(ctx);
    const search = typeof ctx.query.q === 'string' && ctx.query.q.trim() ? ctx.query.q.trim().slice(0, 320) : undefined;
    const after = typeof ctx.query.after === 'string' ? decodeKey(ctx.query.after) : undefined;
    const [directory, total, members] = await Promise.all([
      findDirectoryByAccount(db, row.id),
      countMembers(db, row.id),
      pageMembers(db, row.id, {
        ...(after !== undefined ? { afterEmail: after } : {}),
        ...(search ? { search } : {}),
        limit: MEMBERS_PAGE + 1,
      }),
    ]);
    const shown = members.slice(0, MEMBERS_PAGE);
    ctx.type = 'html';
    ctx.body = membersPage({
      session: session(ctx),
      accountId: row.id,
      total,
      members: shown,
      ...(search ? { search } : {}),
      ...(members.length > MEMBERS_PAGE ? { nextAfter: encodeKey(shown.at(-1)!.email.toLowerCase()) } : {}),
      workflowUrl: (m) => (directory && m.scim_user_id ? workflowUrl(userWorkflowId(directory.id, m.scim_user_id)) : undefined),
    });
  });

  router.get('/console/accounts/:id/events', async (ctx) => {
    const row = await account(ctx);
    const raw = Object.fromEntries(
      ['after', 'member', 'kind'].flatMap((key) => {
        const value = ctx.query[key];
        return typeof value === 'string' && value.trim() !== '' ? [[key, value.trim()]] : [];
      }),
    );
    const fromStart = ctx.query.from === 'start';
    const filters = { ...(raw.member ? { member: raw.member } : {}), ...(raw.kind ? { kind: raw.kind } : {}) };
    const parsed = eventsQuerySchema.safeParse({ ...raw, limit: 50 });
    let error: string | undefined;
    let page = { events: [] as Awaited<ReturnType<typeof readEvents>>['events'], next: '', hasMore: false };
    if (!parsed.success) error = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    else {
      const start = !parsed.data.after && !fromStart ? await recentFeedStart(db, row.id, 50) : undefined;
      try {
        page = await readEvents(db, row.id, { ...parsed.data, ...(start ? { after: encodeCursor(start) } : {}) });
      } catch (caught) {
        if (!(caught instanceof RequestRejected)) throw caught;
        error = caught.message;
      }
    }
    ctx.type = 'html';
    ctx.body = eventsPage({
      session: session(ctx),
      accountId: row.id,
      events: page.events,
      filters,
      ...(page.hasMore ? { next: page.next } : {}),
      fromStart: fromStart || raw.after !== undefined,
      ...(error ? { error } : {}),
      workflowUrl,
    });
  });
}

/** The members page's keyset cursor: the last email shown, lower-cased, made opaque. */
function encodeKey(email: string): string {
  return Buffer.from(email, 'utf8').toString('base64url');
}

function decodeKey(value: string): string | undefined {
  return value.length <= 500 && /^[A-Za-z0-9_-]*$/.test(value) ? Buffer.from(value, 'base64url').toString('utf8') : undefined;
}
