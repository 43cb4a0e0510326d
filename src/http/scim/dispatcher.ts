import type { Database } from '../../db/database';
import { ScimError } from '../../scim/errors';
import { listQueryFromParams, listQueryFromSearchRequest } from '../../scim/list-query';
import { parseProjection } from '../../scim/projection';
import type { Provisioning } from '../../temporal/client/provisioning';
import { BulkEndpoint, type BulkDeadline } from './endpoints/bulk';
import { DiscoveryEndpoint } from './endpoints/discovery';
import { GroupsEndpoint } from './endpoints/groups';
import type { ScimRequest, ScimResponse } from './request';
import { RootSearchEndpoint } from './endpoints/root-search';
import { UsersEndpoint } from './endpoints/users';

export interface ScimServiceOptions {
  db: Database;
  provisioning: Provisioning;
  bulk: { maxOperations: number; maxPayloadSize: number; deadlineMs: number; now?: BulkDeadline['now'] };
}

type Handler = (request: ScimRequest, id?: string) => Promise<ScimResponse> | ScimResponse;
type Route = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>;

/**
 * Routes a framework-free SCIM request to its endpoint. Unknown paths are 404, known paths with
 * another method 405 (with Allow), `/Me` 501 — all as SCIM errors.
 */
export class ScimService {
  private readonly routes: Array<{ pattern: RegExp; route: Route }>;

  constructor(options: ScimServiceOptions) {
    const users = new UsersEndpoint(options.db, options.provisioning);
    const groups = new GroupsEndpoint(options.db, options.provisioning);
    const discovery = new DiscoveryEndpoint(options.bulk);
    const rootSearch = new RootSearchEndpoint(users, groups);
    const bulk = new BulkEndpoint((request) => this.handle(request), options.bulk.maxOperations, {
      ms: options.bulk.deadlineMs,
      now: options.bulk.now ?? Date.now,
    });
    const projection = (r: ScimRequest) => parseProjection(r.query.attributes, r.query.excludedAttributes);
    const resourceRoutes = (endpoint: UsersEndpoint | GroupsEndpoint): Array<{ pattern: RegExp; route: Route }> => {
      const name = endpoint instanceof UsersEndpoint ? 'Users' : 'Groups';
      return [
        {
          pattern: new RegExp(`^/${name}$`),
          route: {
            GET: (r) => endpoint.list(r, listQueryFromParams(r.query)),
            POST: (r) => endpoint.create(r, projection(r)),
          },
        },
        { pattern: new RegExp(`^/${name}/\\.search$`), route: { POST: (r) => endpoint.list(r, listQueryFromSearchRequest(r.body)) } },
        {
          pattern: new RegExp(`^/${name}/([^/]+)$`),
          route: {
            GET: (r, id) => endpoint.get(r, id!, projection(r)),
            PUT: (r, id) => endpoint.replace(r, id!, projection(r)),
            PATCH: (r, id) => endpoint.patch(r, id!, projection(r)),
            DELETE: (r, id) => endpoint.remove(r, id!),
          },
        },
      ];
    };
    this.routes = [
      ...resourceRoutes(users),
      ...resourceRoutes(groups),
      { pattern: /^\/\.search$/, route: { POST: (r) => rootSearch.search(r, listQueryFromSearchRequest(r.body)) } },
      { pattern: /^\/Bulk$/, route: { POST: (r) => bulk.handle(r) } },
      { pattern: /^\/ServiceProviderConfig$/, route: { GET: (r) => discovery.serviceProviderConfig(r) } },
      { pattern: /^\/ResourceTypes$/, route: { GET: (r) => discovery.resourceTypes(r) } },
      { pattern: /^\/ResourceTypes\/([^/]+)$/, route: { GET: (r, id) => discovery.resourceTypes(r, id) } },
      { pattern: /^\/Schemas$/, route: { GET: (r) => discovery.schemas(r) } },
      { pattern: /^\/Schemas\/([^/]+)$/, route: { GET: (r, id) => discovery.schemas(r, id) } },
    ];
  }

  async handle(request: ScimRequest): Promise<ScimResponse> {
    const path = withoutTrailingSlashes(request.path) || '/';
    if (/^\/Me(\/|$)/.test(path)) throw new ScimError(501, '/Me is not supported: every request acts for the directory, not a user');
    for (const { pattern, route } of this.routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      const handler = route[request.method as keyof Route];
      if (!handler) {
        const allowed = Object.keys(route).join(', ');
        return { ...scimError(405, `${request.method} is not allowed on ${path}; use ${allowed}`), headers: { Allow: allowed } };
      }
      const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
      return handler(request, id);
    }
    throw ScimError.notFound(`No SCIM endpoint at ${path}`);
  }
}

function scimError(status: number, detail: string): ScimResponse {
  return { status, body: new ScimError(status, detail).toJSON() };
}

/** Not `/\/+$/`: that regex retries from every slash of a long run, quadratic in the path (issue 9). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
  return path.slice(0, end);
}
