import { z } from 'zod';
import { ScimError } from './errors';
import { isObject } from './filter/evaluate';
import { DISCOVERY_SCHEMA } from './schemas';

/** RFC 7644 §3.7 Bulk: request shape and `bulkId:` reference resolution. Pure. */

export const bulkRequestSchema = z.looseObject({
  schemas: z.array(z.string()).refine((s) => s.includes(DISCOVERY_SCHEMA.bulkRequest), {
    message: `must include ${DISCOVERY_SCHEMA.bulkRequest}`,
  }),
  failOnErrors: z.number().int().min(1).optional(),
  Operations: z.array(
    z.looseObject({
      method: z
        .string()
        .transform((m) => m.toUpperCase())
        .pipe(z.enum(['POST', 'PUT', 'PATCH', 'DELETE'])),
      bulkId: z.string().min(1).optional(),
      version: z.string().optional(),
      path: z.string().regex(/^\/(Users|Groups)(\/[^/]+)?$/, "path must be '/Users', '/Groups' or one resource under them"),
      data: z.unknown().optional(),
    }),
  ),
});

export type BulkRequest = z.infer<typeof bulkRequestSchema>;
export type BulkOperation = BulkRequest['Operations'][number];

export function parseBulkRequest(body: unknown, maxOperations: number): BulkRequest {
  const parsed = bulkRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ScimError.badRequest('invalidSyntax', `Invalid BulkRequest: ${issue?.path.join('.')} ${issue?.message}`.trim());
  }
  if (parsed.data.Operations.length > maxOperations) {
    throw new ScimError(413, `A bulk request may carry at most ${maxOperations} operations (ServiceProviderConfig.bulk.maxOperations)`);
  }
  for (const operation of parsed.data.Operations) {
    if (operation.method === 'POST' && !operation.bulkId)
      throw ScimError.badRequest('invalidValue', 'Every POST in a bulk request needs a bulkId');
    if (operation.method !== 'POST' && !/^\/(Users|Groups)\/[^/]+$/.test(operation.path)) {
      throw ScimError.badRequest('invalidPath', `${operation.method} needs a resource path, got '${operation.path}'`);
    }
  }
  const ids = parsed.data.Operations.flatMap((o) => (o.bulkId ? [o.bulkId] : []));
  if (new Set(ids).size !== ids.length) throw ScimError.badRequest('invalidValue', 'bulkIds must be unique within a request');
  return parsed.data;
}

const REFERENCE = /^bulkId:(.+)$/;

/** Replaces every `bulkId:x` with the id created for x; an unresolved one is an error. */
export function resolveBulkIds<T>(value: T, created: ReadonlyMap<string, string>): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const match = REFERENCE.exec(v);
      if (!match) return v;
      const id = created.get(match[1]!);
      if (!id) throw new ScimError(409, `bulkId '${match[1]}' does not name a resource created earlier in this request`, 'invalidValue');
      return id;
    }
    if (Array.isArray(v)) return v.map(visit);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, visit(e)]));
    return v;
  };
  return visit(value) as T;
}

/** The path segment of an operation, with any bulkId reference resolved. */
export function resolvePath(path: string, created: ReadonlyMap<string, string>): string {
  const [, type, id] = /^\/(Users|Groups)(?:\/([^/]+))?$/.exec(path) ?? [];
  if (!type) return path;
  return id ? `/${type}/${resolveBulkIds(decodeURIComponent(id), created)}` : `/${type}`;
}
