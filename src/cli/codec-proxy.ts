import type { Server } from 'node:http';
import Koa from 'koa';
import { codecCors } from '../http/codec/cors';
import type { AdminClient } from './admin-client';

/** Matches the API's own limit on a codec request. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const PATHS = new Map<string, 'encode' | 'decode'>([
  ['/codec/encode', 'encode'],
  ['/codec/decode', 'decode'],
]);

/**
 * A codec endpoint on the operator's own machine for the Temporal UI. The UI calls its codec
 * endpoint from the browser and can only send its own OIDC access token or cookies, never our
 * admin token; this proxy listens on loopback, lets the UI's origin call it, and forwards each
 * call to the service's /codec with the admin token, which so never reaches the browser.
 */
export async function startCodecProxy(options: {
  api: AdminClient;
  port: number;
  temporalUiUrl: string;
}): Promise<{ url: string; server: Server }> {
  const app = new Koa();
  app.use(codecCors(new URL(options.temporalUiUrl).origin));
  app.use(async (ctx) => {
    const direction = PATHS.get(ctx.path);
    if (!direction || ctx.method !== 'POST') {
      ctx.status = direction ? 405 : 404;
      return;
    }
    const body = await readBody(ctx.req, MAX_BODY_BYTES);
    if (body === undefined) {
      ctx.status = 413;
      return;
    }
    const forwarded = await options.api.codec(direction, body, ctx.get('x-namespace'));
    ctx.status = forwarded.status;
    ctx.type = 'application/json';
    ctx.body = forwarded.body;
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://127.0.0.1:${port}/codec`, server };
}

async function readBody(stream: AsyncIterable<Buffer>, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
