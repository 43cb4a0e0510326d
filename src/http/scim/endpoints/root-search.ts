import { ScimError } from '../../../scim/errors';
import { listResponse } from '../../../scim/list';
import type { ListQuery } from '../../../scim/list-query';
import { filterFitsGroups } from '../../../stores/scim-groups';
import { filterFitsUsers } from '../../../stores/scim-users';
import type { GroupsEndpoint } from './groups';
import { jsonResponse, type ScimRequest, type ScimResponse } from '../request';
import type { UsersEndpoint } from './users';

/**
 * POST /.search (RFC 7644 §3.4.3) over every resource type: Users, then Groups. A filter naming
 * an attribute one type lacks simply matches nothing of that type; one that fits neither is an
 * `invalidFilter`. Paging runs over the concatenation, in each type's stable order.
 */
export class RootSearchEndpoint {
  constructor(
    private readonly users: UsersEndpoint,
    private readonly groups: GroupsEndpoint,
  ) {}

  async search(request: ScimRequest, query: ListQuery): Promise<ScimResponse> {
    const types = [
      { endpoint: this.users, fits: filterFitsUsers },
      { endpoint: this.groups, fits: filterFitsGroups },
    ].filter(({ fits }) => !query.filter || fits(query.filter));
    if (types.length === 0) throw ScimError.badRequest('invalidFilter', 'The filter fits no resource type');

    const resources: unknown[] = [];
    let totalResults = 0;
    let skip = query.page.startIndex - 1;
    let room = query.page.count;
    for (const { endpoint } of types) {
      const total = await this.total(endpoint, request, query);
      totalResults += total;
      if (room > 0 && skip < total) {
        const page = { startIndex: skip + 1, count: room };
        const response = await endpoint.list(request, { ...query, page });
        const found = (response.body as { Resources: unknown[] }).Resources;
        resources.push(...found);
        room -= found.length;
      }
      skip = Math.max(0, skip - total);
    }
    return jsonResponse(200, listResponse(resources, totalResults, query.page));
  }

  private async total(endpoint: UsersEndpoint | GroupsEndpoint, request: ScimRequest, query: ListQuery): Promise<number> {
    const response = await endpoint.list(request, { ...query, page: { startIndex: 1, count: 0 } });
    return (response.body as { totalResults: number }).totalResults;
  }
}
