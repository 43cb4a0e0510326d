import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/database';
import type { ScimGroupRow } from '../../../db/rows';
import { ScimError } from '../../../scim/errors';
import { isResourceId } from '../../../scim/resource-id';
import { membersOf, normalizeGroupAttributes, toScimGroup, type StoredGroup } from '../../../scim/group';
import { listResponse } from '../../../scim/list';
import type { ListQuery } from '../../../scim/list-query';
import { isReturned, project, type Projection } from '../../../scim/projection';
import { SCHEMA } from '../../../scim/schemas';
import { weakEtag } from '../../../scim/user';
import { displayNameTaken, findGroup, listGroups, rowToStoredGroup } from '../../../stores/scim-groups';
import { membersOfGroups } from '../../../stores/group-memberships';
import type { JsonObject } from '../../../../workflows/contracts/json';
import type { GroupChangeOutcome, GroupCommand } from '../../../../workflows/contracts/provision-group';
import type { Provisioning } from '../../../temporal/client/provisioning';
import { ifMatch, parsePatchOperations } from '../write-requests';
import { jsonResponse, notModified, resourceResponse, type ScimRequest, type ScimResponse } from '../request';

/**
 * /Groups: reads from PostgreSQL (members only when returned, so `excludedAttributes=members`
 * never touches the membership table), every write through the group's workflow.
 */
export class GroupsEndpoint {
  constructor(
    private readonly db: Database,
    private readonly provisioning: Provisioning,
  ) {}

  async list(request: ScimRequest, query: ListQuery): Promise<ScimResponse> {
    const { totalResults, rows } = await listGroups(this.db, request.directory.id, query);
    const resources = await this.render(request, rows.map(rowToStoredGroup), query.projection);
    return jsonResponse(200, listResponse(resources, totalResults, query.page));
  }

  async get(request: ScimRequest, id: string, projection: Projection): Promise<ScimResponse> {
    const row = await this.existing(request, id);
    if (notModified(request, weakEtag(row.version))) return { status: 304, headers: { ETag: weakEtag(row.version) } };
    const [resource] = await this.render(request, [rowToStoredGroup(row)], projection);
    return resourceResponse(200, resource!);
  }

  async create(request: ScimRequest, projection: Projection): Promise<ScimResponse> {
    const attributes = normalizeGroupAttributes(request.body);
    const members = membersOf(request.body) ?? [];
    if (await displayNameTaken(this.db, request.directory.id, attributes.displayName)) {
      throw ScimError.conflict(`A group named ${attributes.displayName} already exists`);
    }
    const outcome = await this.change(
      request,
      randomUUID(),
      { kind: 'create', attributes: attributes as JsonObject, members },
      {
        exists: false,
        displayName: attributes.displayName,
      },
    );
    return this.written(request, 201, outcome, projection);
  }

  async replace(request: ScimRequest, id: string, projection: Projection): Promise<ScimResponse> {
    const row = await this.existing(request, id);
    const attributes = normalizeGroupAttributes(request.body);
    const command: GroupCommand = {
      kind: 'replace',
      attributes: attributes as JsonObject,
      members: membersOf(request.body) ?? [],
      ...ifMatch(request),
    };
    const outcome = await this.change(request, row.id, command, known(row));
    return this.written(request, 200, outcome, projection);
  }

  /** 204 (what Entra prefers, and cheap for large groups) unless the client asks for attributes. */
  async patch(request: ScimRequest, id: string, projection: Projection): Promise<ScimResponse> {
    const row = await this.existing(request, id);
    const operations = parsePatchOperations(request.body);
    const outcome = await this.change(request, row.id, { kind: 'patch', operations, ...ifMatch(request) }, known(row));
    if (!projection.attributes) {
      return { status: 204, headers: outcome.group ? { ETag: weakEtag(outcome.group.version) } : {} };
    }
    return this.written(request, 200, outcome, projection);
  }

  async remove(request: ScimRequest, id: string): Promise<ScimResponse> {
    const row = await this.existing(request, id);
    await this.change(request, row.id, { kind: 'delete', ...ifMatch(request) }, known(row));
    return { status: 204 };
  }

  private async existing(request: ScimRequest, id: string): Promise<ScimGroupRow> {
    const row = isResourceId(id) ? await findGroup(this.db, request.directory.id, id) : undefined;
    if (!row) throw ScimError.notFound(`Group ${id} not found`);
    return row;
  }

  private change(request: ScimRequest, id: string, command: GroupCommand, knownState: { exists: boolean; displayName?: string }) {
    return this.provisioning.changeGroup(request.directory, id, command, knownState);
  }

  private async written(request: ScimRequest, status: number, outcome: GroupChangeOutcome, projection: Projection): Promise<ScimResponse> {
    if (!outcome.group) throw new Error('The workflow returned no group for a write that keeps one');
    const [resource] = await this.render(request, [outcome.group], projection);
    return resourceResponse(status, resource!);
  }

  private async render(request: ScimRequest, groups: StoredGroup[], projection: Projection): Promise<Record<string, unknown>[]> {
    const members = isReturned(projection, 'members', SCHEMA.group)
      ? await membersOfGroups(
          this.db,
          groups.map((g) => g.id),
        )
      : undefined;
    return groups.map((group) => project(toScimGroup(group, members?.get(group.id), request.baseUrl), projection, SCHEMA.group));
  }
}

function known(row: ScimGroupRow): { exists: true; displayName: string } {
  return { exists: true, displayName: row.display_name };
}
