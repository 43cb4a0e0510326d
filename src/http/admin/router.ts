import Router from '@koa/router';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RequestRejected } from '../../domain/request-rejected';
import { scimBaseUrl } from '../base-url';
import type { DirectoryConnection } from '../../services/directory-connection';
import { findAccount, insertAccount } from '../../stores/account-store';
import { findDirectoryByAccount, lastSyncAt } from '../../stores/directory-store';
import { listMembers, rowToMemberView } from '../../stores/member-store';
import { countGroups } from '../../stores/scim-group-store';
import { countUsers } from '../../stores/scim-user-store';

export interface AdminRouterDeps {
  db: Knex;
  connection: DirectoryConnection;
  publicBaseUrl?: string;
}

const accountSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'id: 1-63 lower-case letters, digits, - or _'),
  name: z.string().trim().min(1, 'name is required').max(200),
});

const connectSchema = z.object({
  provider: z.enum(['okta', 'entra', 'google', 'onelogin', 'jumpcloud', 'rippling', 'other']).optional(),
  rotate: z.boolean().default(false),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const message = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new RequestRejected(400, 'invalid_request', message);
  }
  return result.data;
}

/** The support side of DESIGN.md §4. JSON in and out; admin-token authentication sits before it. */
export function adminRouter({ db, connection, publicBaseUrl }: AdminRouterDeps): Router {
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

  router.get('/accounts/:id/directory', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    const directory = await findDirectoryByAccount(db, id);
    if (!directory) throw new RequestRejected(404, 'directory_not_found', `Account ${id} has no directory; connect one first`);
    const [users, groups, lastSync] = await Promise.all([
      countUsers(db, directory.id),
      countGroups(db, directory.id),
      lastSyncAt(db, directory.id),
    ]);
    ctx.body = {
      directoryId: directory.id,
      status: directory.status,
      provider: directory.provider,
      scimBaseUrl: scimBaseUrl(ctx, publicBaseUrl),
      connectedAt: directory.connected_at?.toISOString() ?? null,
      frozenAt: directory.frozen_at?.toISOString() ?? null,
      lastSyncAt: lastSync ? new Date(lastSync).toISOString() : null,
      users,
      groups,
      warnings: [],
    };
  });

  router.get('/accounts/:id/members', async (ctx) => {
    const { id } = await account(ctx.params.id!);
    ctx.body = (await listMembers(db, id)).map(rowToMemberView);
  });

  return router;
}
