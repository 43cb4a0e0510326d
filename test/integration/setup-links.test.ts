import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';
import { oktaCreateGroup, oktaCreateUser } from '../fixtures/idp-requests';

const env = useTestEnv();

/** A setup link's path (/setup/dsl_…) from the URL support got. */
const pathOf = (url: string) => new URL(url).pathname;

async function openPage(path: string): Promise<{ status: number; text: string; csrf?: string; headers: Record<string, string> }> {
  const response = await env().http.get(path);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(response.text)?.[1];
  return { status: response.status, text: response.text, headers: response.headers as Record<string, string>, ...(csrf ? { csrf } : {}) };
}

function generateToken(path: string, csrf: string | undefined, origin = 'http://127.0.0.1') {
  const call = env().http.post(`${path}/token`).set('Accept', 'application/json').set('Origin', origin).set('Host', '127.0.0.1');
  return csrf ? call.set('X-CSRF-Token', csrf) : call;
}

describe('setup links (POST /admin/accounts/:id/directory/setup-links)', () => {
  it("walks the customer's admin through the IdP, mints a fresh token (the old one stops), and shows the live status", async () => {
    const { accountId, token: supportToken } = await env().connectedAccount('entra');
    const created = await env().admin('post', `/accounts/${accountId}/directory/setup-links`).send({}).expect(201);
    expect(created.body).toMatchObject({ url: expect.stringMatching(/\/setup\/dsl_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/), state: 'usable' });
    const days = (Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    // Only a hash of the secret is stored.
    const secret = created.body.url.split('_').slice(2).join('_');
    const stored = await env().db('setup_links').where({ id: created.body.id }).first();
    expect(JSON.stringify(stored)).not.toContain(secret);

    const path = pathOf(created.body.url);
    const page = await openPage(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.text).toMatch(/Microsoft Entra ID/);
    expect(page.text).toMatch(/Tenant URL/);
    expect(page.text).toMatch(/<details open>\s*<summary>Microsoft Entra ID/);
    expect(page.text).toMatch(/\/scim\/v2<\/code>/);
    expect(page.text).toMatch(/Waiting for the first request/);

    const minted = await generateToken(path, page.csrf).expect(200);
    expect(minted.body.token).toMatch(/^dsync_/);
    await env().scim(supportToken).get('/Users').expect(401);
    const idp = env().scim(minted.body.token);
    await idp.post('/Users', oktaCreateUser('it.admin@setup.io')).expect(201);
    await idp.post('/Users', oktaCreateUser('second@setup.io')).expect(201);
    await idp.post('/Groups', oktaCreateGroup('Everyone')).expect(201);
    const status = await env().http.get(`${path}/status.json`).expect(200);
    expect(status.body).toEqual({ status: 'connected', users: 2, groups: 1, summary: 'Connected — 2 users, 1 group received' });

    // A second token replaces the first.
    const again = await generateToken(path, page.csrf).expect(200);
    await idp.get('/Users').expect(401);
    await env().scim(again.body.token).get('/Users').expect(200);

    // The rotation is recorded as any rotation is: in the events feed, with its workflow.
    // (The feed shows a row once every transaction older than it has ended: `eventually`.)
    await eventually(async () => {
      const feed = await env().admin('get', `/accounts/${accountId}/events?kind=directory.token-rotated`).expect(200);
      expect(feed.body.events).toHaveLength(2);
    });
  });

  it('grants nothing else: no other account, no admin route, no console; needs its CSRF token and a same-origin call', async () => {
    const mine = await env().connectedAccount('okta');
    const other = await env().connectedAccount('okta');
    const link = (await env().admin('post', `/accounts/${mine.accountId}/directory/setup-links`).send({ expiresInHours: 2 }).expect(201))
      .body;
    const path = pathOf(link.url);
    const secretPath = path.slice('/setup/'.length);
    const { csrf } = await openPage(path);

    for (const [header, value] of [
      ['Authorization', `Bearer ${secretPath}`],
      ['Cookie', `dsync_console=${secretPath}`],
    ] as const) {
      await env().http.get(`/admin/accounts/${other.accountId}/directory`).set(header, value).expect(401);
      await env().http.get(`/admin/accounts/${mine.accountId}/members`).set(header, value).expect(401);
      await env().http.get('/scim/v2/Users').set(header, value).expect(401);
      expect((await env().http.get('/console').set(header, value)).status).toBe(302);
    }
    // The link's pages take no account or directory from the request: only the link decides.
    const traversal = await env().http.get(`${path}/../../admin/accounts/${other.accountId}/directory`).expect(404);
    expect(traversal.text).not.toContain('directoryId');
    expect((await env().http.get(`/setup/${secretPath}x`)).status).toBe(404);
    const swapped = `dsl_${secretPath.split('_')[1]}_${'A'.repeat(43)}`;
    const wrongSecret = await openPage(`/setup/${swapped}`);
    expect(wrongSecret.status).toBe(404);
    expect(wrongSecret.text).toMatch(/This setup link is not valid/);

    await generateToken(path, undefined).expect(403);
    await generateToken(path, 'not-the-token').expect(403);
    await generateToken(path, csrf, 'https://evil.example').expect(403);
    await env().scim(other.token).get('/Users').expect(200);
    await env().scim(mine.token).get('/Users').expect(200);
  });

  it('shows a readable page for an expired, revoked or unknown link, and after a disconnect; bad requests change nothing', async () => {
    const { accountId, token } = await env().connectedAccount('okta');
    for (const expiresInHours of [0, 721, 1.5, 'x']) {
      const refused = await env().admin('post', `/accounts/${accountId}/directory/setup-links`).send({ expiresInHours }).expect(400);
      expect(refused.body.error.message).toMatch(/expiresInHours/);
    }
    expect((await env().admin('get', `/accounts/${accountId}/directory/setup-links`).expect(200)).body).toEqual([]);
    await env()
      .admin('post', '/accounts')
      .send({ id: `nodir-${Date.now()}`, name: 'No directory' })
      .expect(201);

    const revoked = (await env().admin('post', `/accounts/${accountId}/directory/setup-links`).send({}).expect(201)).body;
    const listed = await env().admin('post', `/accounts/${accountId}/directory/setup-links/${revoked.id}/revoke`).expect(200);
    expect(listed.body).toMatchObject({ id: revoked.id, state: 'revoked', revokedAt: expect.any(String) });
    const revokedPage = await openPage(pathOf(revoked.url));
    expect(revokedPage.status).toBe(410);
    expect(revokedPage.text).toMatch(/This setup link was revoked/);
    expect(revokedPage.text).toMatch(/<h1>/);
    await env()
      .http.post(`${pathOf(revoked.url)}/token`)
      .set('Accept', 'application/json')
      .set('Origin', 'http://127.0.0.1')
      .set('Host', '127.0.0.1')
      .expect(410);

    const expired = (await env().admin('post', `/accounts/${accountId}/directory/setup-links`).send({ expiresInHours: 1 }).expect(201))
      .body;
    await env().db.raw("update setup_links set expires_at = now() - interval '1 second' where id = ?", [expired.id]);
    const expiredPage = await openPage(pathOf(expired.url));
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.text).toMatch(/This setup link has expired/);
    expect(
      (
        await env()
          .http.get(`${pathOf(expired.url)}/status.json`)
          .expect(410)
      ).body.error.message,
    ).toMatch(/expired/);
    expect(
      (await env().admin('get', `/accounts/${accountId}/directory/setup-links`).expect(200)).body.map((l: { state: string }) => l.state),
    ).toEqual(['expired', 'revoked']);

    // A disconnect freezes the directory: the link's page says so, and it mints no token (it never reconnects).
    const live = (await env().admin('post', `/accounts/${accountId}/directory/setup-links`).send({}).expect(201)).body;
    const { csrf } = await openPage(pathOf(live.url));
    await env().admin('post', `/accounts/${accountId}/directory/disconnect`).expect(200);
    const frozen = await openPage(pathOf(live.url));
    expect(frozen.status).toBe(409);
    expect(frozen.text).toMatch(/was disconnected/);
    const refused = await generateToken(pathOf(live.url), csrf).expect(409);
    expect(refused.body.error.message).toMatch(/not connected/);
    expect((await env().admin('get', `/accounts/${accountId}/directory`).expect(200)).body.status).toBe('disconnected');
    await env().scim(token).get('/Users').expect(401);
    await env().admin('post', `/accounts/${accountId}/directory/setup-links`).send({}).expect(409);
  });
});
