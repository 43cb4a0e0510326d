import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { RequestRejected } from '../domain/request-rejected';
import { SCIM_CONTENT_TYPE } from '../scim/schemas';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * JSON bodies only, as `application/json` or `application/scim+json` (RFC 7644 §3.1); another
 * declared type is 415, a body over the limit 413, malformed JSON 400 (rendered by the error handler).
 */
export function jsonBody(limitBytes: number): Middleware[] {
  const requireJson: Middleware = async (ctx, next) => {
    if (BODY_METHODS.has(ctx.method) && ctx.request.length !== 0 && ctx.get('content-type') !== '') {
      if (!ctx.is('application/json', SCIM_CONTENT_TYPE)) {
        throw new RequestRejected(415, 'unsupported_media_type', `Send JSON as application/json or ${SCIM_CONTENT_TYPE}`);
      }
    }
    await next();
  };
  return [
    requireJson,
    bodyParser({
      // application/json and application/scim+json are among its default JSON types.
      enableTypes: ['json'],
      jsonLimit: limitBytes,
      jsonStrict: true,
      parsedMethods: [...BODY_METHODS],
    }) as Middleware,
  ];
}
