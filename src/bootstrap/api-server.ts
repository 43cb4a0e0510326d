import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { createApp } from '../http/app';
import type { Logger } from '../infra/logger';
import { DirectoryConnection } from '../services/directory-connection';
import { MemberAdministration } from '../services/member-administration';
import { Provisioning } from '../services/provisioning';
import { ScimService } from '../services/scim/dispatcher';
import { createPayloadCodec, dataConverterWith } from '../temporal/data-converter';

/** Declared in ServiceProviderConfig and enforced (413 beyond). */
const BULK_MAX_OPERATIONS = 1000;

export interface ApiServer {
  server: Server;
  baseUrl: string;
  close(): Promise<void>;
}

/** The Koa API with its Temporal client, listening on the configured port. */
export async function startApiServer(options: {
  config: Config;
  db: Knex;
  temporalAddress: string;
  adminToken: string;
  logger: Logger;
  isReady?: () => boolean;
  /** Origin allowed to call /codec from a browser; defaults to TEMPORAL_UI_URL. */
  temporalUiUrl?: string;
}): Promise<ApiServer> {
  const { config, db, logger } = options;
  const connection = await Connection.connect({ address: options.temporalAddress });
  const payloadCodec = createPayloadCodec(config.payloadEncryptionKeys);
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterWith(payloadCodec) });
  const app = createApp({
    db,
    scim: new ScimService({
      db,
      provisioning: new Provisioning({
        client,
        taskQueue: config.temporal.taskQueue,
        maxHistoryEvents: config.workflows.userMaxHistoryEvents,
        changeTimeoutMs: 25_000,
        // A search attribute is stored and indexed in clear: with encryption on, emails stay out of it.
        indexEmails: !payloadCodec,
      }),
      bulk: { maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: config.http.maxBodyBytes },
    }),
    connection: new DirectoryConnection(client, config.temporal.taskQueue),
    members: new MemberAdministration(client, config.temporal.taskQueue),
    adminToken: options.adminToken,
    logger,
    publicBaseUrl: config.http.publicBaseUrl,
    maxBodyBytes: config.http.maxBodyBytes,
    isReady: options.isReady,
    ...(payloadCodec ? { codec: { codec: payloadCodec, temporalUiUrl: options.temporalUiUrl ?? config.temporal.uiUrl } } : {}),
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
