import { TemporarilyUnavailable } from '../../../domain/temporarily-unavailable';
import { parseBulkRequest, resolveBulkIds, resolvePath, type BulkOperation } from '../../../scim/bulk';
import { ScimError } from '../../../scim/errors';
import { DISCOVERY_SCHEMA } from '../../../scim/schemas';
import { jsonResponse, type ScimRequest, type ScimResponse } from '../request';

export interface BulkDeadline {
  /** How long a whole Bulk request may run (SCIM_BULK_DEADLINE_MS). */
  ms: number;
  /** Milliseconds now; injectable so tests are deterministic. */
  now: () => number;
}

/**
 * POST /Bulk (RFC 7644 §3.7): operations run in order through the same handlers as single
 * requests (so each write still goes through its resource's workflow), `bulkId:` references are
 * resolved to the ids created earlier in the request, and processing stops after `failOnErrors`
 * errors. Each operation is atomic on its own; the request as a whole is not (as the RFC says).
 * The request has an overall deadline (docs/product-rules.md, Hostile identity providers: every request is bounded in time): an
 * operation not started by then is answered 503 and never applied; one already running finishes
 * within its own change timeout.
 */
export class BulkEndpoint {
  constructor(
    private readonly run: (request: ScimRequest) => Promise<ScimResponse>,
    private readonly maxOperations: number,
    private readonly deadline: BulkDeadline,
  ) {}

  async handle(request: ScimRequest): Promise<ScimResponse> {
    const bulk = parseBulkRequest(request.body, this.maxOperations);
    const deadlineAt = this.deadline.now() + this.deadline.ms;
    const created = new Map<string, string>();
    const results: Record<string, unknown>[] = [];
    let errors = 0;
    for (const [index, operation] of bulk.Operations.entries()) {
      if (bulk.failOnErrors !== undefined && errors >= bulk.failOnErrors) break;
      if (this.deadline.now() >= deadlineAt) {
        results.push(...bulk.Operations.slice(index).map((skipped) => notAttempted(skipped, this.deadline.ms)));
        break;
      }
      let response: ScimResponse;
      try {
        response = await this.run({
          ...request,
          method: operation.method,
          path: resolvePath(operation.path, created),
          query: {},
          body: operation.data === undefined ? undefined : resolveBulkIds(operation.data, created),
          ...(operation.version ? { ifMatch: operation.version } : { ifMatch: undefined }),
          ifNoneMatch: undefined,
        });
      } catch (error) {
        response = errorResponse(error);
      }
      const body = response.body as { id?: string; meta?: { location?: string; version?: string } } | undefined;
      if (operation.bulkId && response.status === 201 && body?.id) created.set(operation.bulkId, body.id);
      if (response.status >= 400) errors += 1;
      results.push({
        method: operation.method,
        ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
        ...(body?.meta?.location ? { location: body.meta.location } : {}),
        ...(body?.meta?.version ? { version: body.meta.version } : response.headers?.ETag ? { version: response.headers.ETag } : {}),
        status: String(response.status),
        ...(response.status >= 400 ? { response: response.body } : {}),
      });
    }
    return jsonResponse(200, { schemas: [DISCOVERY_SCHEMA.bulkResponse], Operations: results });
  }
}

/** RFC 7644 §3.7.3 lets each operation carry its own status; 503 says "retry", and nothing was applied. */
function notAttempted(operation: BulkOperation, deadlineMs: number): Record<string, unknown> {
  const error = new ScimError(
    503,
    `Not attempted: the bulk request's deadline (${deadlineMs} ms) passed before this operation started; nothing of it was applied`,
  );
  return {
    method: operation.method,
    ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
    status: '503',
    response: error.toJSON(),
  };
}

function errorResponse(error: unknown): ScimResponse {
  if (error instanceof ScimError) return { status: error.status, body: error.toJSON() };
  if (error instanceof TemporarilyUnavailable) return { status: 503, body: new ScimError(503, error.message).toJSON() };
  throw error;
}
