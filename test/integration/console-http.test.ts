import { randomUUID } from 'node:crypto';
import { useTestEnv } from '../support/test-env';
import { oktaCreateUser } from '../fixtures/idp-requests';

const env = useTestEnv({ env: { TEMPORAL_UI_URL: 'http://ui.test:8233' } });
const ORIGIN = 'http://127.0.0.1';

/** A signed-in console client: its session cookie and the page's CSRF token. */
async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const response = await env()
    .http.post('/console/sign-in')
    .set('Host', '127.0.0.1')
    .set('Origin', ORIGIN)
    .type('form')
    .send({ token: env().adminToken, next: '/console' })
    .expect(302);
  const setCookie = (response.headers['set-cookie'] as unknown as string[])[0]!;
  expect(setCookie).toMatch(/^dsync_console=[^;]+; path=\/; expires=[^;]+; samesite=strict; httponly$/);
  expect(setCookie).not.toContain(env().adminToken);
  const cookie = setCookie.split(';')[0]!;
  const page = await env().http.get('/console').set('Cookie', cookie).expect(200);
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! };
}

function post(path: string, session: { cookie: string; csrf?: string }, form: Record<string, string> = {}, origin = ORIGIN) {
  return env()
    .http.post(path)
    .set('Host', '127.0.0.1')
    .set('Origin', origin)
    .set('Cookie', session.cookie)
    .type('form')
    .send({ ...(session.csrf ? { _csrf: session.csrf } : {}), ...form });
}

describe('support console over HTTP', () => {
  it('signs in with the admin token into a signed HttpOnly SameSite=Strict cookie, and out', async () => {
    expect((await env().http.get('/console/accounts/x')).headers.location).toBe('/console/sign-in?next=%2Fconsole%2Faccounts%2Fx');
    const wrong = await env()
      .http.post('/console/sign-in')
      .set('Host', '127.0.0.1')
      .set('Origin', ORIGIN)
      .type('form')
      .send({ token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toMatch(/That is not the admin token/);
    await env()
      .http.post('/console/sign-in')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ token: env().adminToken })
      .expect(403);
    // An open redirect after sign-in is refused: only console paths.
    const redirected = await env()
      .http.post('/console/sign-in')
      .set('Host', '127.0.0.1')
      .set('Origin', ORIGIN)
      .type('form')
      .send({ token: env().adminToken, next: '//evil.example/console' });
    expect(redirected.headers.location).toBe('/console');

    const session = await signIn();
    const home = await env().http.get('/console').set('Cookie', session.cookie).expect(200);
    expect(home.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    // No inline script, style or event handler: the CSP would block them.
    expect(home.text).not.toMatch(/<script>|<script [^>]*>[^<]|\sstyle=|\son[a-z]+=/);
    const js = await env().http.get('/console/assets/console.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);

    await post('/console/sign-out', session).expect(302);
    // A tampered cookie is no session.
    const tampered = session.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await env().http.get('/console').set('Cookie', tampered)).status).toBe(302);
  });

  it('refuses a POST without the CSRF token or from another origin, changing nothing', async () => {
    const session = await signIn();
    const id = `csrf-${randomUUID().slice(0, 8)}`;
    const noToken = await post('/console/accounts', { cookie: session.cookie }, { id, name: 'X' }).expect(403);
    expect(noToken.text).toMatch(/The form has expired or did not come from this console/);
    await post('/console/accounts', { cookie: session.cookie, csrf: 'forged' }, { id, name: 'X' }).expect(403);
    await post('/console/accounts', session, { id, name: 'X' }, 'https://evil.example').expect(403);
    expect(await env().db('accounts').where({ id }).first()).toBeUndefined();
    // Another session's token does not fit this one.
    const other = await signIn();
    await post('/console/accounts', { cookie: session.cookie, csrf: other.csrf }, { id, name: 'X' }).expect(403);
    await post('/console/accounts', session, { id, name: 'X' }).expect(302);
  });

  it('escapes everything it shows and shows failures as readable pages', async () => {
    const session = await signIn();
    const id = `esc-${randomUUID().slice(0, 8)}`;
    const hostile = `<img src=x onerror=alert(1)> "quoted" & 'single'`;
    await post('/console/accounts', session, { id, name: hostile }).expect(302);
    const page = await env().http.get(`/console/accounts/${id}`).set('Cookie', session.cookie).expect(200);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
    const search = await env().http.get('/console?q=%3Cscript%3E__proto__').set('Cookie', session.cookie).expect(200);
    expect(search.text).toContain('&lt;script&gt;__proto__');
    expect(search.text).not.toContain('<script>__proto__');

    const missing = await env().http.get('/console/accounts/no-such-account').set('Cookie', session.cookie).expect(404);
    expect(missing.text).toMatch(/<h1>Not found<\/h1>[\s\S]*There is no account no-such-account/);
    const unknownPath = await env().http.get('/console/nothing/here').set('Cookie', session.cookie).expect(404);
    expect(unknownPath.headers['content-type']).toMatch(/html/);
    const badAccount = await post('/console/accounts', session, { id: 'Bad Id!', name: '' }).expect(400);
    expect(badAccount.text).toMatch(/The account was not created[\s\S]*lower-case letters/);
    const duplicate = await post('/console/accounts', session, { id, name: 'again' }).expect(409);
    expect(duplicate.text).toMatch(/already exists/);
    const rotateUnconnected = await post(`/console/accounts/${id}/rotate-token`, session).expect(409);
    expect(rotateUnconnected.text).toMatch(/not connected/);
    const badEvents = await env().http.get(`/console/accounts/${id}/events?after=zzz&kind=nope`).set('Cookie', session.cookie).expect(200);
    expect(badEvents.text).toMatch(/class="error"/);
    const statusJson = await env().http.get(`/console/accounts/${id}/status.json`).expect(401);
    expect(statusJson.body.error.message).toMatch(/sign in again/);
  });

  it('pages 10,000 members by email (keyset), with links to their workflows and search', async () => {
    const session = await signIn();
    const { accountId, directoryId, token } = await env().connectedAccount('okta');
    const user = (await env().scim(token).post('/Users', oktaCreateUser('aaa.first@big.io')).expect(201)).body.id as string;
    await env().db.raw(
      `insert into members (id, account_id, email, name, role, active, managed_by_directory)
       select gen_random_uuid(), ?, 'member' || lpad(n::text, 5, '0') || '@big.io', 'Member ' || n, 'member', true, false
         from generate_series(1, 9999) n`,
      [accountId],
    );
    const first = await env().http.get(`/console/accounts/${accountId}/members`).set('Cookie', session.cookie).expect(200);
    expect(first.text).toMatch(/10000 members/);
    expect(first.text).toContain(
      `href="http://ui.test:8233/namespaces/default/workflows/${encodeURIComponent(`scim-user:${directoryId}:${user}`)}"`,
    );
    let seen = 0;
    let next: string | undefined = `/console/accounts/${accountId}/members`;
    let last = '';
    let pages = 0;
    while (next) {
      const response: { text: string } = await env().http.get(next).set('Cookie', session.cookie).expect(200);
      const emails = [...response.text.matchAll(/<tr>\s*<td>([^<]+@big\.io)<\/td>/g)].map((m) => m[1]!);
      expect(emails.length).toBeLessThanOrEqual(100);
      expect(emails[0]! > last).toBe(true);
      last = emails.at(-1)!;
      seen += emails.length;
      pages += 1;
      next = /href="([^"]+)"\s*>Next members</.exec(response.text)?.[1]?.replace(/&amp;/g, '&');
    }
    expect({ seen, pages }).toEqual({ seen: 10_000, pages: 100 });
    const search = await env().http.get(`/console/accounts/${accountId}/members?q=MEMBER0999`).set('Cookie', session.cookie).expect(200);
    expect([...search.text.matchAll(/<td>(member0999\d@big\.io)<\/td>/g)]).toHaveLength(10);
    // The accounts list finds the account by a member's email.
    const found = await env().http.get('/console?q=member09999%40big.io').set('Cookie', session.cookie).expect(200);
    expect(found.text).toContain(`/console/accounts/${accountId}"`);
  });
});
