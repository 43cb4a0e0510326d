import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/database';
import type { ScimUserRow } from '../../../db/rows';
import { ScimError } from '../../../scim/errors';
import { isResourceId } from '../../../scim/resource-id';
import { listResponse } from '../../../scim/list';
import type { ListQuery } from '../../../scim/list-query';
import { isReturned, project, type Projection } from '../../../scim/projection';
import { SCHEMA } from '../../../scim/schemas';
import { normalizeUserAttributes, primaryEmail, toScimUser, weakEtag, withoutPasswords, type StoredUser } from '../../../scim/user';
import { findUser, listUsers, rowToStoredUser, userNameTaken, type ListedUser } from '../../../stores/scim-users';
import { groupsOfUsers } from '../../../stores/group-memberships';
import type { JsonObject } from '../../../../workflows/contracts/json';
import type { UserChangeOutcome, UserCommand } from '../../../../workflows/contracts/provision-user';
import type { Provisioning } from '../../../temporal/client/provisioning';
import { ifMatch, parsePatchOperations } from '../write-requests';
import { jsonResponse, notModified, resourceResponse, type ScimRequest, type ScimResponse } from '../request';

/** /Users: reads from PostgreSQL, every write through the user's workflow. */
export class UsersEndpoint {
  constructor(
    private readonly db: Database,
    private readonly provisioning: Provisioning,
  ) {}

  async list(request: ScimRequest, query: ListQuery): Promise<ScimResponse> {
    const { totalResults, rows } = await listUsers(this.db, request.directory.id, query, { withGroups: returnsGroups(query.projection) });
    const resources = this.render(request, rows, query.projection);
    return jsonResponse(200, listResponse(resources, totalResults, query.page));
  }

  async get(request: ScimRequest, id: string, projection: Projection): Promise<ScimResponse> {
    const row = await this.existing(request, id, returnsGroups(projection));
    if (notModified(request, weakEtag(row.version))) return { status: 304, headers: { ETag: weakEtag(row.version) } };
    const [resource] = this.render(request, [row], projection);
    return resourceResponse(200, resource!);
  }

  async create(request: ScimRequest, projection: Projection): Promise<ScimResponse> {
    const attributes = normalizeUserAttributes(request.body);
    // A user with no email is kept, linked to no member until one arrives (docs/product-rules.md rule 2).
    const email = primaryEmail(attributes);
    // A fast answer for the common duplicate; the unique index decides races.
    if (await userNameTaken(this.db, request.directory.id, attributes.userName)) {
      throw ScimError.conflict(`A user with userName ${attributes.userName} already exists`);
    }
    const outcome = await this.change(
      request,
      randomUUID(),
      { kind: 'create', attributes: attributes as JsonObject },
      { exists: false, ...(email ? { email } : {}) },
    );
    return this.written(request, 201, outcome, projection);
  }

  async replace(request: ScimRequest, id: string, projection: Projection): Promise<ScimResponse> {
    const row = await this.existing(request, id);
    const attributes = normalizeUserAttributes(request.body);
    const outcome = await this.change(
      request,
      row.id,
      { kind: 'replace', attributes: attributes as JsonObject, ...ifMatch(request) },
      known(row),
    );
    return this.written(request, 200, outcome, projection);
  }

  async patch(request: ScimRequest, id: string, projection: Projection): Promise<ScimResponse> {
    const row = await this.existing(request, id);
    const operations = parsePatchOperations(request.body, withoutPasswords);
    if (operations.length === 0) {
      // Only a password change: accepted, and nothing is stored.
      const [resource] = await this.renderStored(request, [rowToStoredUser(row)], projection);
      return resourceResponse(200, resource!);
    }
    const outcome = await this.change(request, row.id, { kind: 'patch', operations, ...ifMatch(request) }, known(row));
    return this.written(request, 200, outcome, projection);
  }

  async remove(request: ScimRequest, id: string): Promise<ScimResponse> {
    const row = await this.existing(request, id);
    await this.change(request, row.id, { kind: 'delete', ...ifMatch(request) }, known(row));
    return { status: 204 };
  }

  private async existing(request: ScimRequest, id: string, withGroups = false): Promise<ListedUser> {
    const row = isResourceId(id) ? await findUser(this.db, request.directory.id, id, { withGroups }) : undefined;
    if (!row) throw ScimError.notFound(`User ${id} not found`);
    return row;
  }

  private change(request: ScimRequest, id: string, command: UserCommand, knownState: { exists: boolean; email?: string }) {
    return this.provisioning.changeUser(request.directory, id, command, knownState);
  }

  private async written(request: ScimRequest, status: number, outcome: UserChangeOutcome, projection: Projection): Promise<ScimResponse> {
    // A resent change answered from the log after the user was deleted: the user is gone.
    if (!outcome.user) throw ScimError.notFound('The user no longer exists');
    const [resource] = await this.renderStored(request, [outcome.user], projection);
    return resourceResponse(status, resource!);
  }

  /** Rows read with their groups when `groups` is returned (`member_of`); undefined leaves it out. */
  private render(request: ScimRequest, rows: ListedUser[], projection: Projection): Record<string, unknown>[] {
    return rows.map((row) => project(toScimUser(rowToStoredUser(row), request.baseUrl, row.member_of), projection, SCHEMA.user));
  }

  /** A user as a write left it: `groups` (derived from memberships) loaded only when it is returned. */
  private async renderStored(request: ScimRequest, users: StoredUser[], projection: Projection): Promise<Record<string, unknown>[]> {
    const groups = returnsGroups(projection)
      ? await groupsOfUsers(
          this.db,
          users.map((u) => u.id),
        )
      : undefined;
    return users.map((user) =>
      project(toScimUser(user, request.baseUrl, groups ? (groups.get(user.id) ?? []) : undefined), projection, SCHEMA.user),
    );
  }
}

const returnsGroups = (projection: Projection) => isReturned(projection, 'groups', SCHEMA.user);

function known(row: ScimUserRow): { exists: true; email?: string } {
  return { exists: true, ...(row.email ? { email: row.email } : {}) };
}
