import { ScimError } from '../../../scim/errors';
import { ALL_SCHEMAS, resourceTypes, schemaResource, serviceProviderConfig, type BulkLimits } from '../../../scim/discovery';
import { listResponse } from '../../../scim/list';
import { jsonResponse, type ScimRequest, type ScimResponse } from '../request';

/** /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4). Filtering them is refused (403). */
export class DiscoveryEndpoint {
  constructor(private readonly bulk: BulkLimits) {}

  serviceProviderConfig(request: ScimRequest): ScimResponse {
    return jsonResponse(200, serviceProviderConfig(request.baseUrl, this.bulk));
  }

  resourceTypes(request: ScimRequest, id?: string): ScimResponse {
    const all = resourceTypes(request.baseUrl);
    if (id !== undefined) return jsonResponse(200, this.one(all, id, 'ResourceType'));
    return jsonResponse(200, this.all(request, all));
  }

  schemas(request: ScimRequest, id?: string): ScimResponse {
    const all = ALL_SCHEMAS.map((schema) => schemaResource(schema, request.baseUrl));
    if (id !== undefined) return jsonResponse(200, this.one(all, id, 'Schema'));
    return jsonResponse(200, this.all(request, all));
  }

  private all(request: ScimRequest, resources: Record<string, unknown>[]) {
    if (request.query.filter !== undefined) throw new ScimError(403, 'Filtering is not supported on discovery endpoints (RFC 7644 §4)');
    return listResponse(resources, resources.length, { startIndex: 1, count: resources.length });
  }

  private one(resources: Record<string, unknown>[], id: string, kind: string) {
    const found = resources.find((r) => r.id === id);
    if (!found) throw ScimError.notFound(`${kind} ${id} not found`);
    return found;
  }
}
