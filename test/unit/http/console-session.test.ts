import type { Context } from 'koa';
import { sessionCookieOptions } from '../../../src/http/console/guard';
import { SessionKeys } from '../../../src/http/console/session';

describe('console session cookies', () => {
  const keys = new SessionKeys('admin-token-0123456789', 60_000);

  it('verifies its own cookie until it expires, with a per-session CSRF token; the admin token is not in it', () => {
    const { cookie, session } = keys.issue(1_000_000_000_000);
    expect(cookie).not.toContain('admin-token');
    expect(keys.verify(cookie, 1_000_000_000_000 + 59_999)).toEqual(session);
    expect(keys.verify(cookie, 1_000_000_000_000 + 60_000)).toBeUndefined();
    expect(keys.csrfMatches(session, session.csrfToken)).toBe(true);
    expect(keys.csrfMatches(session, `${session.csrfToken}x`)).toBe(false);
    expect(keys.csrfMatches(session, undefined)).toBe(false);
    expect(keys.issue().session.csrfToken).not.toBe(session.csrfToken);
  });

  it('refuses a tampered, extended, foreign or malformed cookie', () => {
    const now = 1_000_000_000_000;
    const { cookie } = keys.issue(now);
    const [id, expires, mac] = cookie.split('.');
    expect(keys.verify(`${id}.${Number(expires) + 1000}.${mac}`, now)).toBeUndefined();
    expect(keys.verify(`${id!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}.${expires}.${mac}`, now)).toBeUndefined();
    expect(new SessionKeys('another-admin-token-xyz', 60_000).verify(cookie, now)).toBeUndefined();
    for (const bad of ['', 'x', `${cookie}.`, `${cookie}x`, 'a'.repeat(500), undefined]) expect(keys.verify(bad, now)).toBeUndefined();
  });
});

describe('console session cookie attributes', () => {
  const ctxOf = (secure: boolean) => ({ secure, cookies: { secure: undefined as boolean | undefined } }) as unknown as Context;

  it('are HttpOnly, SameSite=Strict, and Secure over HTTPS, including TLS ended by a proxy (an https PUBLIC_BASE_URL)', () => {
    const plain = ctxOf(false);
    expect(sessionCookieOptions(plain, 1000, undefined)).toMatchObject({ httpOnly: true, sameSite: 'strict', path: '/', secure: false });
    const proxied = ctxOf(false);
    expect(sessionCookieOptions(proxied, 1000, 'https://dsync.example.com')).toMatchObject({ secure: true });
    expect(proxied.cookies.secure).toBe(true);
    expect(sessionCookieOptions(ctxOf(true), 1000, undefined)).toMatchObject({ secure: true });
  });
});
