import { ScimError } from './errors';
import { SCHEMA } from './schemas';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 100;

export interface Page {
  /** 1-based, as in RFC 7644 §3.4.2.4. */
  startIndex: number;
  count: number;
}

/** Reads `startIndex`/`count`; out-of-range values are clamped as the RFC says, garbage is rejected. */
export function parsePage(query: { startIndex?: unknown; count?: unknown }): Page {
  const startIndex = parseInteger(query.startIndex, 'startIndex') ?? 1;
  const count = parseInteger(query.count, 'count') ?? DEFAULT_PAGE_SIZE;
  return { startIndex: Math.max(1, startIndex), count: Math.min(Math.max(0, count), MAX_PAGE_SIZE) };
}

function parseInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text === 'number' && Number.isInteger(text)) return text;
  if (typeof text !== 'string' || !/^-?\d{1,9}$/.test(text.trim())) {
    throw ScimError.badRequest('invalidValue', `'${name}' must be an integer`);
  }
  return Number(text);
}

export function listResponse(resources: unknown[], totalResults: number, page: Page): Record<string, unknown> {
  return {
    schemas: [SCHEMA.listResponse],
    totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
