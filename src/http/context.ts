import type { RouterContext } from '@koa/router';
import type { DirectoryRow } from '../db/rows';

/** What the SCIM auth middleware puts on `ctx.state` for the handlers after it. */
export interface ScimState {
  directory: DirectoryRow;
  scimBaseUrl: string;
}

export type ScimContext = RouterContext<ScimState>;
