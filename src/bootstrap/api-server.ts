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
import { TemporalGateway } from '../temporal/gateway';

/** Declared in ServiceProviderConfig and enforced (413 beyond). */
const BULK_MAX_OPERATIONS = 1000;
/** How long an API request waits for Temporal before answering 503; IdPs time out at about 30 s. */
const TEMPORAL_CALL_TIMEOUT_MS = 25_000;

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
}): Promise<ApiServer> {
  const { config, db, logger } = options;
  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const gateway = new TemporalGateway({ client, taskQueue: config.temporal.taskQueue, timeoutMs: TEMPORAL_CALL_TIMEOUT_MS });
  const app = createApp({
    db,
    scim: new ScimService({
      db,
      provisioning: new Provisioning({
        gateway,
        maxHistoryEvents: config.workflows.userMaxHistoryEvents,
        workflowStartTimeoutMs: config.workflows.startTimeoutMs,
      }),
      bulk: { maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: config.http.maxBodyBytes },
    }),
    connection: new DirectoryConnection(gateway),
    members: new MemberAdministration(gateway),
    adminToken: options.adminToken,
    logger,
    publicBaseUrl: config.http.publicBaseUrl,
    maxBodyBytes: config.http.maxBodyBytes,
    isReady: options.isReady,
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
