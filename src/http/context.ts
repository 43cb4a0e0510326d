import type { DirectoryRow } from '../db/rows';

/** What the SCIM auth middleware puts on `ctx.state` for the handlers after it. */
export interface ScimState {
  directory: DirectoryRow;
  scimBaseUrl: string;
}
