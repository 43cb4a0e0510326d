import type { Middleware } from 'koa';
import { secretsEqual } from '../../domain/directory-token';
import { RequestRejected } from '../../domain/request-rejected';

/** The support/admin API takes only the admin token, compared in constant time. */
export function adminAuth(adminToken: string): Middleware {
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
    if (!match || !secretsEqual(match[1]!, adminToken)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="admin"');
      throw new RequestRejected(401, 'unauthorized', 'Send Authorization: Bearer <ADMIN_TOKEN>');
    }
    await next();
  };
}
