import Router from '@koa/router';
import type { PayloadCodec } from '@temporalio/common';
import type { Database } from '../db/database';
import Koa from 'koa';
import type { Logger } from '../infra/logger';
import type { DirectoryConnection } from '../temporal/client/directory-connection';
import type { MemberAdministration } from '../temporal/client/member-administration';
import type { ScimService } from './scim/dispatcher';
import { adminAuth } from './admin/auth';
import { adminRouter } from './admin/router';
import { codecRouter } from './codec/codec-endpoint';
import { consoleAndSetup } from './console/router';
import type { ScimState } from './context';
import { errorHandler } from './error-handler';
import { jsonBody, MAX_JSON_DEPTH } from './json-body';
import { requestContext } from './request-context';
import { requestMetrics, type RequestMetrics } from './request-metrics';
import { requestSpan } from './request-span';
import type { InFlightLimitSettings } from './scim/in-flight-limit';
import type { RateLimitSettings } from './scim/rate-limit';
import { scimApi } from './scim/scim-api';

export interface AppDeps {
  db: Database;
  scim: ScimService;
  connection: DirectoryConnection;
  members: MemberAdministration;
  adminToken: string;
  logger: Logger;
  /** Base of the URLs the service hands out; the request's origin when absent. */
  publicBaseUrl?: string;
  maxBodyBytes: number;
  /** Per directory, per process (see scim/rate-limit.ts). */
  rateLimit: RateLimitSettings;
  /** Per directory, per process (see scim/in-flight-limit.ts). */
  inFlightLimit: InFlightLimitSettings;
  /** /healthz answers 200 only once this says so. */
  isReady?: () => boolean;
  /** The support console and setup links (src/http/console); absent, they are not served. */
  console?: { sessionMinutes: number; temporalUiUrl?: string; namespace: string };
  /** The Temporal codec endpoint (/codec), served only when payloads are encrypted. */
  codec?: { codec: PayloadCodec; temporalUiUrl?: string };
  /** Counts every request (the metrics listener serves them; never on this app's port). */
  metrics?: RequestMetrics;
}

export function createApp(deps: AppDeps): Koa<ScimState> {
  const app = new Koa<ScimState>();
  // Outside the error handler: they see every request with the status it was answered with.
  app.use(requestContext(deps.logger));
  app.use(requestSpan());
  if (deps.metrics) app.use(requestMetrics(deps.metrics));
  app.use(errorHandler(deps.logger));
  if (deps.codec) {
    // Authenticated by the admin token before it reads its own, bounded body.
    app.use(codecRouter({ ...deps.codec, adminToken: deps.adminToken }).routes());
  }
  // Bodies are read only after authentication, inside the SCIM and admin chains below.
  const body = { maxBytes: deps.maxBodyBytes, maxDepth: MAX_JSON_DEPTH };

  const root = new Router();
  root.get('/healthz', (ctx) => {
    const ready = deps.isReady?.() ?? true;
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ok' : 'starting' };
  });
  app.use(root.routes());

  app.use(
    scimApi({
      db: deps.db,
      connection: deps.connection,
      publicBaseUrl: deps.publicBaseUrl,
      logger: deps.logger,
      service: deps.scim,
      body,
      rateLimit: deps.rateLimit,
      inFlightLimit: deps.inFlightLimit,
    }),
  );

  const admin = new Router({ prefix: '/admin' });
  admin.use(adminAuth(deps.adminToken), jsonBody(body));
  const adminRoutes = adminRouter({ db: deps.db, connection: deps.connection, members: deps.members, publicBaseUrl: deps.publicBaseUrl });
  admin.use(adminRoutes.routes(), adminRoutes.allowedMethods({ throw: true }));
  app.use(admin.routes());

  if (deps.console) {
    const pages = consoleAndSetup({
      db: deps.db,
      connection: deps.connection,
      members: deps.members,
      adminToken: deps.adminToken,
      logger: deps.logger,
      publicBaseUrl: deps.publicBaseUrl,
      ...deps.console,
    });
    app.use(pages.prelude);
    for (const router of pages.routers) app.use(router.routes());
  }
  return app;
}
