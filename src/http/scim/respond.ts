import type { Context } from 'koa';
import { SCIM_CONTENT_TYPE } from '../../scim/schemas';

/** Writes a SCIM resource with its weak ETag (RFC 7644 §3.14) and, for 201, its Location. */
export function respondResource(ctx: Context, status: number, resource: Record<string, unknown>): void {
  const meta = resource.meta as { version?: string; location?: string } | undefined;
  ctx.status = status;
  ctx.type = SCIM_CONTENT_TYPE;
  if (meta?.version) ctx.set('ETag', meta.version);
  if (status === 201 && meta?.location) ctx.set('Location', meta.location);
  ctx.body = resource;
}

export function respondJson(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.type = SCIM_CONTENT_TYPE;
  ctx.body = body;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a resource (and must not reach a uuid column). */
export function isResourceId(id: string): boolean {
  return UUID.test(id);
}
