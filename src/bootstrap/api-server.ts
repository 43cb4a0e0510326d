import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { Database } from '../db/database';
import type { Config } from '../config';
import type { Logger } from '../infra/logger';
import type { ApiMetrics } from '../observability/api-metrics';
import { buildHttpApp } from './http-app';
import { createPayloadCodec, dataConverterWith } from '../temporal/payloads/data-converter';

export interface ApiServer {
  server: Server;
  baseUrl: string;
  close(): Promise<void>;
}

/** The Koa API with its Temporal client, listening on the configured port. */
export async function startApiServer(options: {
  config: Config;
  db: Database;
  temporalAddress: string;
  adminToken: string;
  logger: Logger;
  isReady?: () => boolean;
  /** Origin allowed to call /codec from a browser; defaults to TEMPORAL_UI_URL. */
  temporalUiUrl?: string;
  metrics?: ApiMetrics;
  /** Tracing is on (startTracing ran): the client passes each request's trace context to its workflow. */
  tracing?: boolean;
}): Promise<ApiServer> {
  const { config, db } = options;
  const connection = await Connection.connect({ address: options.temporalAddress });
  const payloadCodec = createPayloadCodec(config.payloadEncryptionKeys);
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverterWith(payloadCodec),
    // Only with tracing on: without it no header is added and workflows make no spans.
    ...(options.tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
  });
  const app = buildHttpApp({
    config,
    db,
    client,
    adminToken: options.adminToken,
    logger: options.logger,
    ...(payloadCodec ? { payloadCodec } : {}),
    ...((options.temporalUiUrl ?? config.temporal.uiUrl) ? { temporalUiUrl: (options.temporalUiUrl ?? config.temporal.uiUrl)! } : {}),
    ...(options.isReady ? { isReady: options.isReady } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.http.port, config.http.host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const baseUrl = config.http.publicBaseUrl ?? `http://${config.http.host}:${port}`;
  return {
    server,
    baseUrl,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
