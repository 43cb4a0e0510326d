import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Knex } from 'knex';
import { ScimError } from '../../scim/errors';
import { parseFilter } from '../../scim/filter/parser';
import { listResponse, parsePage } from '../../scim/list';
import { patchRequestSchema } from '../../scim/patch';
import { normalizeUserAttributes, primaryEmail, toScimUser, weakEtag, withoutPasswords, type StoredUser } from '../../scim/user';
import type { UserProvisioning } from '../../services/user-provisioning';
import { findUser, listUsers, rowToStoredUser } from '../../stores/scim-user-store';
import type { ScimContext, ScimState } from '../context';
import type { JsonObject, UserChangeOutcome, UserCommand } from '../../../workflows/contracts';
import { isResourceId, respondJson, respondResource } from './respond';

export interface UsersRouterDeps {
  db: Knex;
  provisioning: UserProvisioning;
}

/** /Users: reads come straight from PostgreSQL, every write goes through the user's workflow. */
export function usersRouter({ db, provisioning }: UsersRouterDeps): Router<ScimState> {
  const router = new Router<ScimState>();

  const existingUser = async (ctx: ScimContext) => {
    const id = ctx.params.id!;
    const row = isResourceId(id) ? await findUser(db, ctx.state.directory.id, id) : undefined;
    if (!row) throw ScimError.notFound(`User ${id} not found`);
    return row;
  };

  const send = async (ctx: ScimContext, id: string, command: UserCommand, known: { exists: boolean; email?: string }) =>
    provisioning.apply(ctx.state.directory, id, command, known);

  const respondOutcome = (ctx: ScimContext, status: number, outcome: UserChangeOutcome) => {
    if (!outcome.user) throw new Error('The workflow returned no user for a write that keeps one');
    respondResource(ctx, status, toScimUser(outcome.user as unknown as StoredUser, ctx.state.scimBaseUrl));
  };

  router.get('/Users', async (ctx) => {
    const filterText = typeof ctx.query.filter === 'string' ? ctx.query.filter : undefined;
    const filter = filterText ? parseFilter(filterText) : undefined;
    const page = parsePage(ctx.query);
    const { totalResults, rows } = await listUsers(db, ctx.state.directory.id, filter, page);
    const resources = rows.map((row) => toScimUser(rowToStoredUser(row), ctx.state.scimBaseUrl));
    respondJson(ctx, 200, listResponse(resources, totalResults, page));
  });

  router.get('/Users/:id', async (ctx) => {
    const row = await existingUser(ctx);
    if (ctx.get('if-none-match').split(',').map((t) => t.trim()).includes(weakEtag(row.version))) {
      ctx.status = 304;
      return;
    }
    respondResource(ctx, 200, toScimUser(rowToStoredUser(row), ctx.state.scimBaseUrl));
  });

  router.post('/Users', async (ctx) => {
    const attributes = normalizeUserAttributes(ctx.request.body);
    const email = primaryEmail(attributes);
    if (!email) throw ScimError.badRequest('invalidValue', 'A user needs an email address: in emails, or as an email-shaped userName');
    const taken = await listUsers(db, ctx.state.directory.id, parseFilter(`userName eq ${JSON.stringify(attributes.userName)}`), { startIndex: 1, count: 0 });
    if (taken.totalResults > 0) throw ScimError.conflict(`A user with userName ${attributes.userName} already exists`);
    const outcome = await send(ctx, randomUUID(), { kind: 'create', attributes: attributes as JsonObject }, { exists: false, email });
    respondOutcome(ctx, 201, outcome);
  });

  router.put('/Users/:id', async (ctx) => {
    const row = await existingUser(ctx);
    const attributes = normalizeUserAttributes(ctx.request.body);
    const outcome = await send(ctx, row.id, { kind: 'replace', attributes: attributes as JsonObject, ...ifMatch(ctx) }, knownUser(row));
    respondOutcome(ctx, 200, outcome);
  });

  router.patch('/Users/:id', async (ctx) => {
    const row = await existingUser(ctx);
    const parsed = patchRequestSchema.safeParse(ctx.request.body);
    if (!parsed.success) {
      throw ScimError.badRequest('invalidSyntax', `Invalid PATCH request: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
    }
    const operations = withoutPasswords(parsed.data.Operations).map(({ op, path, value }) => ({
      op,
      ...(path !== undefined ? { path } : {}),
      ...(value !== undefined ? { value: value as JsonObject } : {}),
    }));
    if (operations.length === 0) {
      // Only a password change: accepted, and nothing is stored.
      respondResource(ctx, 200, toScimUser(rowToStoredUser(row), ctx.state.scimBaseUrl));
      return;
    }
    const outcome = await send(ctx, row.id, { kind: 'patch', operations, ...ifMatch(ctx) }, knownUser(row));
    respondOutcome(ctx, 200, outcome);
  });

  router.delete('/Users/:id', async (ctx) => {
    const row = await existingUser(ctx);
    await send(ctx, row.id, { kind: 'delete', ...ifMatch(ctx) }, knownUser(row));
    ctx.status = 204;
  });

  return router;
}

function ifMatch(ctx: ScimContext): { ifMatch?: string } {
  const header = ctx.get('if-match');
  return header ? { ifMatch: header } : {};
}

function knownUser(row: { email: string | null }): { exists: true; email?: string } {
  return { exists: true, ...(row.email ? { email: row.email } : {}) };
}
