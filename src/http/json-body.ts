import type { Context, Middleware } from 'koa';
import getRawBody from 'raw-body';
import secureJson from 'secure-json-parse';
import { RequestRejected } from '../domain/request-rejected';
import { ScimError } from '../scim/errors';
import { SCIM_CONTENT_TYPE } from '../scim/schemas';
import { exceedsJsonDepth } from './json-depth';

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, set by `jsonBody` once the request is authenticated. */
    body?: unknown;
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface JsonBodyLimits {
  /** Bytes on the wire; beyond is 413 (SCIM_MAX_BODY_BYTES, ServiceProviderConfig.bulk.maxPayloadSize). */
  maxBytes: number;
  /** Nested arrays and objects; beyond is 400. */
  maxDepth: number;
}

/** Deep enough for any SCIM resource, PatchOp or BulkRequest (they nest about 5 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads and parses a JSON body (RFC 7644 §3.1: `application/json` or `application/scim+json`).
 * Mounted after authentication, so an anonymous request never has its body read. Every step is
 * linear in the body's length: the size limit while reading (413), the depth scan on the raw
 * text (400), the parse (400 invalidSyntax), then the prototype-key scan (400 invalidValue).
 */
export function jsonBody(limits: JsonBodyLimits): Middleware {
  return async (ctx, next) => {
    if (BODY_METHODS.has(ctx.method) && ctx.request.body === undefined) ctx.request.body = await readJson(ctx, limits);
    await next();
  };
}

async function readJson(ctx: Context, limits: JsonBodyLimits): Promise<unknown> {
  const declaredType = ctx.get('content-type') !== '';
  if (declaredType && ctx.request.length !== 0 && !ctx.is('application/json', SCIM_CONTENT_TYPE)) {
    throw new RequestRejected(415, 'unsupported_media_type', `Send JSON as application/json or ${SCIM_CONTENT_TYPE}`);
  }
  // As before: an undeclared type is not read, and the handlers see an empty object.
  if (!declaredType) return {};
  const encoding = ctx.get('content-encoding').toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    // Refusing compressed bodies keeps the size limit a limit on the work, not on a zip bomb's input.
    throw new RequestRejected(415, 'unsupported_media_type', 'Send the body uncompressed (no Content-Encoding)');
  }
  const text = await getRawBody(ctx.req, {
    length: ctx.request.length,
    limit: limits.maxBytes,
    encoding: 'utf-8',
  });
  if (text.trim() === '') return {};
  if (exceedsJsonDepth(text, limits.maxDepth)) {
    throw ScimError.badRequest('invalidValue', `The request body nests arrays and objects more than ${limits.maxDepth} levels deep`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw ScimError.badRequest('invalidSyntax', 'The request body is not valid JSON');
  }
  refusePrototypeKeys(parsed);
  return parsed;
}

/**
 * `__proto__` and `constructor.prototype` keys are refused, not removed: a body with a key dropped
 * would be applied as something the IdP did not send, and no real IdP sends these keys.
 */
function refusePrototypeKeys(parsed: unknown): void {
  if (typeof parsed !== 'object' || parsed === null) return;
  try {
    secureJson.scan(parsed, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw ScimError.badRequest('invalidValue', 'The request body contains a "__proto__" or "constructor.prototype" key, which is refused');
  }
}
