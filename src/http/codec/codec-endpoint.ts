import Router from '@koa/router';
import type { PayloadCodec } from '@temporalio/common';
import type { Middleware } from 'koa';
import { RequestRejected } from '../../domain/request-rejected';
import { PayloadDecryptionError } from '../../temporal/payloads/encryption-codec';
import { adminAuth } from '../admin/auth';
import { jsonBody, MAX_JSON_DEPTH } from '../json-body';
import { codecCors } from './cors';
import { parsePayloads, renderPayloads } from './payload-json';

/** A history page of payloads fits easily; anything bigger is not a codec call. */
const CODEC_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface CodecEndpointDeps {
  codec: PayloadCodec;
  adminToken: string;
  /** The Temporal UI's URL (TEMPORAL_UI_URL): its origin may call from a browser. */
  temporalUiUrl?: string;
}

/**
 * Temporal's remote codec protocol (`POST /codec/encode`, `POST /codec/decode`), so the Temporal
 * UI and `temporal workflow show --codec-endpoint` can read encrypted payloads. It decrypts
 * everything it is given, so it takes the admin token, checked before the body is read.
 */
export function codecRouter(deps: CodecEndpointDeps): Router {
  const router = new Router({ prefix: '/codec' });
  // CORS first: a browser's preflight carries no credentials and is answered here.
  router.use(codecCors(originOf(deps.temporalUiUrl)));
  router.use(adminAuth(deps.adminToken));
  const body = jsonBody({ maxBytes: CODEC_MAX_BODY_BYTES, maxDepth: MAX_JSON_DEPTH });
  const requireJson: Middleware = async (ctx, next) => {
    if (!ctx.is('application/json')) throw new RequestRejected(415, 'unsupported_media_type', 'Send the payloads as application/json');
    await next();
  };
  const convert =
    (direction: 'encode' | 'decode'): Middleware =>
    async (ctx) => {
      const payloads = parsePayloads(ctx.request.body);
      try {
        ctx.body = renderPayloads(direction === 'encode' ? await deps.codec.encode(payloads) : await deps.codec.decode(payloads));
      } catch (error) {
        if (error instanceof PayloadDecryptionError) throw new RequestRejected(400, 'undecryptable_payload', error.message);
        throw error;
      }
    };
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, requireJson, body, convert(direction));
    // Every other method on these paths, here rather than with allowedMethods(), whose check would
    // run for the whole app's responses once mounted ahead of it. (A browser's preflight never gets
    // here: codecCors answers it first.)
    router.all(`/${direction}`, (ctx) => {
      ctx.set('Allow', 'POST, OPTIONS');
      if (ctx.method !== 'OPTIONS') throw new RequestRejected(405, 'method_not_allowed', `${ctx.method} is not allowed here; use POST`);
      ctx.status = 204;
    });
  }
  return router;
}

function originOf(url: string | undefined): string | undefined {
  return url === undefined ? undefined : new URL(url).origin;
}
