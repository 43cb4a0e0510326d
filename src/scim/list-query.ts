import { z } from 'zod';
import { ScimError } from './errors';
import type { AttrPath, Filter } from './filter/ast';
import { parseAttrPath, parseFilter } from './filter/parser';
import { parsePage, type Page } from './list';
import { parseProjection, type Projection } from './projection';
import { SCHEMA } from './schemas';

/** A list request (RFC 7644 §3.4.2, §3.4.3), from GET query parameters or a POST .search body. */
export interface ListQuery {
  filter?: Filter;
  sort?: { path: AttrPath; descending: boolean };
  page: Page;
  projection: Projection;
}

export function listQueryFromParams(query: Record<string, unknown>): ListQuery {
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (Array.isArray(value)) throw ScimError.badRequest('invalidValue', `'${name}' may be given once`);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return build({
    filter: single('filter'),
    sortBy: single('sortBy'),
    sortOrder: single('sortOrder'),
    startIndex: single('startIndex'),
    count: single('count'),
    attributes: single('attributes'),
    excludedAttributes: single('excludedAttributes'),
  });
}

const searchRequestSchema = z.looseObject({
  schemas: z.array(z.string()).optional(),
  filter: z.string().optional(),
  sortBy: z.string().optional(),
  sortOrder: z.string().optional(),
  startIndex: z.number().int().optional(),
  count: z.number().int().optional(),
  attributes: z.union([z.array(z.string()), z.string()]).optional(),
  excludedAttributes: z.union([z.array(z.string()), z.string()]).optional(),
});

export function listQueryFromSearchRequest(body: unknown): ListQuery {
  const parsed = searchRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ScimError.badRequest('invalidSyntax', `Invalid SearchRequest: ${issue?.path.join('.')} ${issue?.message}`.trim());
  }
  const request = parsed.data;
  if (request.schemas && !request.schemas.includes(SCHEMA.searchRequest)) {
    throw ScimError.badRequest('invalidSyntax', `A SearchRequest must carry the schema ${SCHEMA.searchRequest}`);
  }
  return build(request);
}

function build(input: {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: unknown;
  count?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}): ListQuery {
  if (input.attributes !== undefined && input.excludedAttributes !== undefined) {
    throw ScimError.badRequest('invalidValue', "Give either 'attributes' or 'excludedAttributes', not both");
  }
  const query: ListQuery = {
    page: parsePage({ startIndex: input.startIndex, count: input.count }),
    projection: parseProjection(input.attributes, input.excludedAttributes),
  };
  if (input.filter !== undefined) query.filter = parseFilter(input.filter);
  if (input.sortOrder !== undefined && !/^(ascending|descending)$/i.test(input.sortOrder)) {
    throw ScimError.badRequest('invalidValue', "sortOrder must be 'ascending' or 'descending'");
  }
  if (input.sortBy !== undefined) {
    let path: AttrPath;
    try {
      path = parseAttrPath(input.sortBy);
    } catch {
      throw ScimError.badRequest('invalidValue', `Invalid sortBy '${input.sortBy}'`);
    }
    query.sort = { path, descending: input.sortOrder?.toLowerCase() === 'descending' };
  }
  return query;
}
