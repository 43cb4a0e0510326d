import type { Context } from 'koa';

/** The service's external base URL: PUBLIC_BASE_URL when configured, else what the request used. */
export function serviceBaseUrl(ctx: Pick<Context, 'protocol' | 'host'>, publicBaseUrl: string | undefined): string {
  return (publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, '');
}

export function scimBaseUrl(ctx: Pick<Context, 'protocol' | 'host'>, publicBaseUrl: string | undefined): string {
  return `${serviceBaseUrl(ctx, publicBaseUrl)}/scim/v2`;
}
