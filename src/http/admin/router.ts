import Router from '@koa/router';
import type { Database } from '../../db/database';
import { z } from 'zod';
import { RequestRejected } from '../../domain/request-rejected';
import type { DirectoryConnection } from '../../temporal/client/directory-connection';
import type { MemberAdministration } from '../../temporal/client/member-administration';
import { findAccount, insertAccount } from '../../stores/accounts';
import { findDirectoryByAccount } from '../../stores/directories';
import { listMembers, rowToMemberView } from '../../stores/members';
import { listRoleMappings } from '../../stores/role-mappings';
import { countUsersWaitingForEmail, listUsersWaitingForEmail } from '../../stores/scim-users';
import { scimBaseUrl, serviceBaseUrl } from '../base-url';
import { accountSchema, mappingsSchema, providerSchema, roleSchema } from './schemas';
import { directoryStatus } from '../directory-status';
import { createSetupLink, revokeLink, setupLinksOf, SETUP_LINK_HOURS } from '../setup-links';
import { eventsQuerySchema, readEvents } from './events';

export interface AdminRouterDeps {
  db: Database;
  connection: DirectoryConnection;
  members: MemberAdministration;
  publicBaseUrl?: string;
}

const memberChangeSchema = z.object({ role: roleSchema });
const inviteSchema = z.object({ email: z.email('email must be an email address').transform((e) => e.toLowerCase()), role: roleSchema });

const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const connectSchema = z.object({
  provider: providerSchema.optional(),
  rotate: z.boolean().default(false),
});

const setupLinkSchema = z.object({
  expiresInHours: z.number().int().min(SETUP_LINK_HOURS.min).max(SETUP_LINK_HOURS.max).default(SETUP_LINK_HOURS.default),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const message = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new RequestRejected(400, 'invalid_request', message);
  }
  return result.data;
}

/** The support API of docs/product-rules.md (Interface contract). JSON in and out; admin-token authentication sits before it. */
export function adminRouter({ db, connection, members, publicBaseUrl }: AdminRouterDeps): Router {
  const router = new Router();

  const account = async (id: string) => {
    const row = await findAccount(db, id);
    if (!row) throw new RequestRejected(404, 'account_not_found', `No account ${id}`);
    return row;
  };

  router.post('/accounts', async (ctx) => {
    const input = parse(accountSchema, ctx.request.body);
    const row = await insertAccount(db, input);
    if (!row) throw new RequestRejected(409, 'account_exists', `Account ${input.id} already exists`);
    ctx.status = 201;
    ctx.body = { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
  });

  router.post('/accounts/:id/directory/connect', async (ctx) => {
    const input = parse(connectSchema, ctx.request.body);
    const { id } = await account(ctx.params.id!);
    const result = await connection.connect(id, {
      ...(input.provider ? { provider: input.provider } : {}),
      rotate: input.rotate,
      scimBaseUrl: scimBaseUrl(ctx, publicBaseUrl),
    });
    ctx.status = result.rotated ? 200 : 201;
    ctx.body = result;
  });

  router.post('/accounts/:id/directory/rotate-token', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    const directory = await findDirectoryByAccount(db, id);
    if (!directory || directory.status === 'disconnected') {
      throw new RequestRejected(409, 'not_connected', `Account ${id} has no live directory; connect it instead`);
    }
    ctx.body = await connection.connect(id, { rotate: true, onlyIfLive: true, scimBaseUrl: scimBaseUrl(ctx, publicBaseUrl) });
  });

  router.post('/accounts/:id/directory/disconnect', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    const result = await connection.disconnect(id);
    ctx.body = {
      status: result.status,
      directoryId: result.directoryId,
      frozenAt: result.frozenAt,
      alreadyDisconnected: result.alreadyDisconnected,
      stopped: result.stopped,
      workflowId: result.workflowId,
    };
  });

  router.get('/accounts/:id/directory', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    const status = await directoryStatus(db, id);
    if (!status) throw new RequestRejected(404, 'directory_not_found', `Account ${id} has no directory; connect one first`);
    const { directoryId, status: state, provider, ...counts } = status;
    ctx.body = { directoryId, status: state, provider, scimBaseUrl: scimBaseUrl(ctx, publicBaseUrl), ...counts };
  });

  // docs/product-rules.md rule 2: the SCIM users kept without an email, a page at a time.
  router.get('/accounts/:id/directory/users-waiting-for-email', async (ctx) => {
    const page = parse(pageSchema, ctx.query);
    const { id } = await account(ctx.params.id!);
    const directory = await findDirectoryByAccount(db, id);
    if (!directory) throw new RequestRejected(404, 'directory_not_found', `Account ${id} has no directory; connect one first`);
    const [total, users] = await Promise.all([
      countUsersWaitingForEmail(db, directory.id),
      listUsersWaitingForEmail(db, directory.id, page),
    ]);
    ctx.body = {
      total,
      offset: page.offset,
      limit: page.limit,
      users: users.map((u) => ({
        id: u.id,
        userName: u.user_name,
        externalId: u.external_id,
        displayName: u.display_name,
        active: u.active,
        created: u.created_at.toISOString(),
      })),
    };
  });

  router.get('/accounts/:id/role-mappings', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    ctx.body = await listRoleMappings(db, id);
  });

  router.put('/accounts/:id/role-mappings', async (ctx) => {
    const mappings = parse(mappingsSchema, ctx.request.body);
    const { id } = await account(ctx.params.id!);
    const saved = await members.saveRoleMappings(id, mappings);
    ctx.body = { mappings: saved.mappings, reResolving: saved.roleResolutionsQueued, workflowId: saved.workflowId };
  });

  router.post('/accounts/:id/invites', async (ctx) => {
    const input = parse(inviteSchema, ctx.request.body);
    const { id } = await account(ctx.params.id!);
    const outcome = await members.changeMember({ accountId: id, kind: 'invite', email: input.email, role: input.role });
    ctx.status = outcome.result === 'created' ? 201 : 200;
    ctx.body = outcome.member;
  });

  router.patch('/accounts/:id/members/:email', async (ctx) => {
    const input = parse(memberChangeSchema, ctx.request.body);
    const { id } = await account(ctx.params.id!);
    const outcome = await members.changeMember({ accountId: id, kind: 'set-role', email: ctx.params.email!, role: input.role });
    ctx.body = outcome.member;
  });

  // README, Events feed: the account's audit log as events, oldest first, a cursor at a time.
  router.get('/accounts/:id/events', async (ctx) => {
    const query = parse(eventsQuerySchema, ctx.query);
    const { id } = await account(ctx.params.id!);
    ctx.body = await readEvents(db, id, query);
  });

  router.post('/accounts/:id/directory/setup-links', async (ctx) => {
    const input = parse(setupLinkSchema, ctx.request.body);
    const { id } = await account(ctx.params.id!);
    ctx.status = 201;
    ctx.body = await createSetupLink(db, id, input.expiresInHours, serviceBaseUrl(ctx, publicBaseUrl));
  });

  router.get('/accounts/:id/directory/setup-links', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    ctx.body = await setupLinksOf(db, id);
  });

  router.post('/accounts/:id/directory/setup-links/:linkId/revoke', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    ctx.body = await revokeLink(db, id, ctx.params.linkId!);
  });

  router.get('/accounts/:id/members', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    ctx.body = (await listMembers(db, id)).map(rowToMemberView);
  });

  return router;
}
