import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Database } from '../db/database';
import type Koa from 'koa';
import type { Config } from '../config';
import { createApp } from '../http/app';
import type { ScimState } from '../http/context';
import type { Logger } from '../infra/logger';
import type { ApiMetrics } from '../observability/api-metrics';
import { DirectoryConnection } from '../temporal/client/directory-connection';
import { MemberAdministration } from '../temporal/client/member-administration';
import { Provisioning } from '../temporal/client/provisioning';
import { ScimService } from '../http/scim/dispatcher';
import { TemporalGateway } from '../temporal/client/gateway';

/** Declared in ServiceProviderConfig and enforced (413 beyond). */
const BULK_MAX_OPERATIONS = 1000;
/** Requests one directory may have waiting for an in-flight turn; far above any IdP's concurrency. */
const IN_FLIGHT_MAX_WAITING = 256;

export interface HttpAppOptions {
  config: Config;
  db: Database;
  client: Client;
  adminToken: string;
  logger: Logger;
  /** /healthz answers 200 only once this says so. */
  isReady?: () => boolean;
  /** The clock Bulk deadlines are read from (tests step it). */
  now?: () => number;
  /** Payloads are encrypted: serve the codec endpoint (for this UI origin) and keep emails out of search attributes. */
  payloadCodec?: PayloadCodec;
  /** The Temporal UI: the codec endpoint's allowed origin, and the console's workflow links. */
  temporalUiUrl?: string;
  /** The API's instruments: HTTP requests and the gateway's calls to Temporal. */
  metrics?: ApiMetrics;
}

/**
 * The API as every entry point and the integration tests build it: one Temporal gateway, the
 * SCIM service, the admin services and the limits, all from the configuration.
 */
export function buildHttpApp(options: HttpAppOptions): Koa<ScimState> {
  const { config, db } = options;
  const gateway = new TemporalGateway({
    client: options.client,
    taskQueue: config.temporal.taskQueue,
    timeoutMs: config.temporal.callTimeoutMs,
    ...(options.metrics ? { observer: options.metrics } : {}),
  });
  return createApp({
    db,
    scim: new ScimService({
      db,
      provisioning: new Provisioning({
        gateway,
        maxHistoryEvents: config.workflows.userMaxHistoryEvents,
        workflowStartTimeoutMs: config.workflows.startTimeoutMs,
        // A search attribute is stored and indexed in clear: with encryption on, emails stay out of it.
        indexEmails: !options.payloadCodec,
        priorities: config.temporal.priorities,
      }),
      bulk: {
        maxOperations: BULK_MAX_OPERATIONS,
        maxPayloadSize: config.http.maxBodyBytes,
        deadlineMs: config.scimLimits.bulkDeadlineMs,
        ...(options.now ? { now: options.now } : {}),
      },
    }),
    connection: new DirectoryConnection(gateway),
    members: new MemberAdministration(gateway),
    adminToken: options.adminToken,
    logger: options.logger,
    publicBaseUrl: config.http.publicBaseUrl,
    maxBodyBytes: config.http.maxBodyBytes,
    rateLimit: { perSecond: config.scimLimits.rateLimitPerSecond, burst: config.scimLimits.rateLimitBurst },
    inFlightLimit: {
      perDirectory: config.scimLimits.inFlightPerDirectory,
      maxWaiting: IN_FLIGHT_MAX_WAITING,
      maxWaitMs: config.scimLimits.inFlightMaxWaitMs,
    },
    ...(options.isReady ? { isReady: options.isReady } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    console: {
      sessionMinutes: config.console.sessionMinutes,
      namespace: config.temporal.namespace,
      ...((options.temporalUiUrl ?? config.temporal.uiUrl) ? { temporalUiUrl: (options.temporalUiUrl ?? config.temporal.uiUrl)! } : {}),
    },
    ...(options.payloadCodec
      ? { codec: { codec: options.payloadCodec, ...(options.temporalUiUrl ? { temporalUiUrl: options.temporalUiUrl } : {}) } }
      : {}),
  });
}
