import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Console sessions as signed cookies: `<sessionId>.<expiresAtMs>.<hmac>`. The admin token never
 * enters the cookie; it only keys the HMAC (through a derived key), so changing ADMIN_TOKEN ends
 * every session, and any API replica can check a cookie without shared state. The CSRF token is
 * an HMAC of the session id: per session, never stored, unguessable without the key.
 */
export const SESSION_COOKIE = 'dsync_console';

export interface Session {
  id: string;
  expiresAt: number;
  csrfToken: string;
}

export class SessionKeys {
  private readonly key: Buffer;

  constructor(
    adminToken: string,
    private readonly lifetimeMs: number,
  ) {
    this.key = createHmac('sha256', adminToken).update('dsync console session v1').digest();
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  issue(now = Date.now()): { cookie: string; session: Session } {
    const id = randomBytes(18).toString('base64url');
    const expiresAt = now + this.lifetimeMs;
    const payload = `${id}.${expiresAt}`;
    return { cookie: `${payload}.${this.mac(payload)}`, session: { id, expiresAt, csrfToken: this.mac(`csrf:${id}`) } };
  }

  /** The session a cookie carries, if its signature holds and it has not expired. */
  verify(cookie: string | undefined, now = Date.now()): Session | undefined {
    const match = cookie && cookie.length < 200 ? /^([A-Za-z0-9_-]{24})\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(cookie) : null;
    if (!match) return undefined;
    const [, id, expires, signature] = match;
    if (!sameText(signature!, this.mac(`${id}.${expires}`))) return undefined;
    const expiresAt = Number(expires);
    if (!(expiresAt > now)) return undefined;
    return { id: id!, expiresAt, csrfToken: this.mac(`csrf:${id}`) };
  }

  /** A setup page's CSRF token: bound to its link, checked on its "Generate token" call. */
  setupCsrf(linkId: string): string {
    return this.mac(`setup-csrf:${linkId}`);
  }

  setupCsrfMatches(linkId: string, given: string | undefined): boolean {
    return given !== undefined && sameText(given, this.setupCsrf(linkId));
  }

  csrfMatches(session: Session, given: string | undefined): boolean {
    return given !== undefined && sameText(given, session.csrfToken);
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
