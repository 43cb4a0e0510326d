import Router from '@koa/router';
import type { PayloadCodec } from '@temporalio/common';
import type { Knex } from 'knex';
import Koa from 'koa';
import type { Logger } from '../infra/logger';
import type { DirectoryConnection } from '../services/directory-connection';
import type { MemberAdministration } from '../services/member-administration';
import type { ScimService } from '../services/scim/dispatcher';
import { adminAuth } from './admin/auth';
import { adminRouter } from './admin/router';
import { codecRouter } from './codec/codec-endpoint';
import type { ScimState } from './context';
import { errorHandler } from './error-handler';
import { jsonBody } from './json-body';
import { scimApi } from './scim/scim-api';

export interface AppDeps {
  db: Knex;
  scim: ScimService;
  connection: DirectoryConnection;
  members: MemberAdministration;
  adminToken: string;
  logger: Logger;
  /** Base of the URLs the service hands out; the request's origin when absent. */
  publicBaseUrl?: string;
  maxBodyBytes: number;
  /** /healthz answers 200 only once this says so. */
  isReady?: () => boolean;
  /** The Temporal codec endpoint (/codec), served only when payloads are encrypted. */
  codec?: { codec: PayloadCodec; temporalUiUrl?: string };
}

export function createApp(deps: AppDeps): Koa<ScimState> {
  const app = new Koa<ScimState>();
  app.use(errorHandler(deps.logger));
  if (deps.codec) {
    // Before the JSON body parser: the codec endpoint checks the admin token, then reads its own body.
    app.use(codecRouter({ ...deps.codec, adminToken: deps.adminToken }).routes());
  }
  for (const middleware of jsonBody(deps.maxBodyBytes)) app.use(middleware);

  const root = new Router();
  root.get('/healthz', (ctx) => {
    const ready = deps.isReady?.() ?? true;
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ok' : 'starting' };
  });
  app.use(root.routes());

  app.use(
    scimApi({ db: deps.db, connection: deps.connection, publicBaseUrl: deps.publicBaseUrl, logger: deps.logger, service: deps.scim }),
  );

  const admin = new Router({ prefix: '/admin' });
  admin.use(adminAuth(deps.adminToken));
  const adminRoutes = adminRouter({ db: deps.db, connection: deps.connection, members: deps.members, publicBaseUrl: deps.publicBaseUrl });
  admin.use(adminRoutes.routes(), adminRoutes.allowedMethods({ throw: true }));
  app.use(admin.routes());

  return app;
}
