import type { DirectoryRow } from '../../db/rows';
import { SCIM_CONTENT_TYPE } from '../../scim/schemas';

/**
 * The SCIM layer's own request and response, free of Koa: the HTTP adapter and the Bulk endpoint
 * both go through the same handlers with them.
 */
export interface ScimRequest {
  directory: DirectoryRow;
  /** `https://host/scim/v2`, the base of every URL handed out. */
  baseUrl: string;
  method: string;
  /** Relative to the base, e.g. `/Users/2819c223-...`. */
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  ifMatch?: string;
  ifNoneMatch?: string;
}

export interface ScimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A resource with its weak ETag (RFC 7644 §3.14) and, for 201, its Location. */
export function resourceResponse(status: number, resource: Record<string, unknown>): ScimResponse {
  const meta = resource.meta as { version?: string; location?: string } | undefined;
  const headers: Record<string, string> = { 'Content-Type': SCIM_CONTENT_TYPE };
  if (meta?.version) headers.ETag = meta.version;
  if (status === 201 && meta?.location) headers.Location = meta.location;
  return { status, body: resource, headers };
}

export function jsonResponse(status: number, body: unknown): ScimResponse {
  return { status, body, headers: { 'Content-Type': SCIM_CONTENT_TYPE } };
}

/** RFC 7644 §3.14: a GET whose If-None-Match names the current version gets 304 and no body. */
export function notModified(request: ScimRequest, version: string): boolean {
  return (request.ifNoneMatch ?? '')
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === version || t === '*');
}
