import type { Database } from '../../db/database';
import type { Middleware } from 'koa';
import { parseDirectoryToken, secretMatches } from '../../domain/directory-token';
import type { Logger } from '../../infra/logger';
import { ScimError } from '../../scim/errors';
import type { DirectoryConnection } from '../../temporal/client/directory-connection';
import { findDirectoryByTokenId } from '../../stores/directories';
import { scimBaseUrl } from '../base-url';
import type { ScimState } from '../context';

export interface ScimAuthDeps {
  db: Database;
  connection: DirectoryConnection;
  publicBaseUrl?: string;
  logger: Logger;
}

/** Each IdP authenticates with its directory's bearer token; the directory scopes everything after. */
export function scimAuth(deps: ScimAuthDeps): Middleware<ScimState> {
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
    if (!match) throw new ScimError(401, 'Authentication required: send Authorization: Bearer <directory token>');
    const parsed = parseDirectoryToken(match[1]!);
    const directory = parsed && (await findDirectoryByTokenId(deps.db, parsed.tokenId));
    if (!parsed || !directory || !directory.token_hash || !secretMatches(parsed.secret, directory.token_hash)) {
      throw new ScimError(401, 'Invalid bearer token');
    }
    if (directory.status === 'disconnected') {
      throw new ScimError(401, 'The directory is disconnected: its token no longer grants access');
    }
    ctx.state.directory = directory;
    ctx.state.scimBaseUrl = scimBaseUrl(ctx, deps.publicBaseUrl);
    if (directory.status === 'pending') {
      // The first authenticated request connects the directory; the request itself need not wait.
      deps.connection.reportScimRequest(directory).catch((error: unknown) => {
        deps.logger.warn('could not report the first SCIM request', { directoryId: directory.id, error: String(error) });
      });
    }
    await next();
  };
}
