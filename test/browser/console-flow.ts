import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { oktaCreateGroup, oktaCreateUser, PATCH_OP } from '../fixtures/idp-requests';

/**
 * The console's browser flow (test/integration/console-browser.test.ts runs it): playwright-core
 * driving Chromium through the console and a setup link, the IdP's requests sent with fetch. It
 * runs in a Node process of its own because playwright-core's bundled libraries assign
 * `__proto__`, which the service's `--disable-proto=throw` (kept for the API under test) forbids.
 * Settings come as one JSON argument; it exits non-zero with the failure on stderr.
 */
interface Settings {
  baseURL: string;
  adminToken: string;
  accountId: string;
  chromiumPath: string;
  screenshots: string;
  /** The service's TEMPORAL_UI_URL, which the members' workflow links start with. */
  temporalUiUrl: string;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as Settings;
const { baseURL, accountId } = settings;
const errors: string[] = [];

/** An IdP: the SCIM base URL and a bearer token; `.expect(status)` checks the answer, as supertest's does. */
function scim(base: string, token: string) {
  const call = (method: string, route: string, body?: unknown) => ({
    async expect(status: number): Promise<{ body: { id?: string } }> {
      const response = await fetch(`${base}/scim/v2${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/scim+json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      assert.equal(response.status, status, `${method} ${route}: ${text}`);
      return { body: text ? (JSON.parse(text) as { id?: string }) : {} };
    },
  });
  return {
    get: (route: string) => call('GET', route),
    post: (route: string, body: unknown) => call('POST', route, body),
    patch: (route: string, body: unknown) => call('PATCH', route, body),
  };
}

function watchConsole(page: Page): void {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(settings.screenshots, `${name}.png`), fullPage: true });
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  return context;
}

/** Loads `url` until `target` is on it (20 s at most). */
async function untilShown(page: Page, url: string, target: ReturnType<Page['locator']>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto(url);
    if ((await target.count()) > 0 || Date.now() > deadline) return target.waitFor({ timeout: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The status element reads exactly `status` (it is updated in place by the page's polling). */
const statusIs = (page: Page, status: string) =>
  page.locator('#directory-status', { hasText: new RegExp(`^\\s*${status}\\s*$`) }).waitFor({ timeout: 20_000 });

/** What the page's copy button put on the clipboard (runs in the page; typed without the DOM library). */
const clipboardText = (page: Page) =>
  page.evaluate(() =>
    (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
  );

async function flow(browser: Browser): Promise<void> {
  const context = await newContext(browser);
  const page = await context.newPage();
  watchConsole(page);
  try {
    await steps(browser, page, context);
  } catch (error) {
    // The page as it was when the flow failed, next to the other screenshots.
    await screenshot(page, 'failure').catch(() => undefined);
    throw new Error(`${(error as Error).message}\nat ${page.url()}\npage errors: ${JSON.stringify(errors)}`);
  }
}

async function steps(browser: Browser, page: Page, context: BrowserContext): Promise<void> {
  const errors: string[] = [];

  // Sign in (the console sends a signed-out visitor to the sign-in page).
  await page.goto('/console');
  await page.getByRole('heading', { name: 'Sign in to the support console' }).waitFor();
  await screenshot(page, '01-sign-in');
  await page.getByLabel('Admin token').fill(settings.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();

  // Create an account and connect its directory.
  await page.getByLabel('Account id', { exact: true }).fill(accountId);
  await page.getByLabel('Name', { exact: true }).fill('Browser <Test> & Co');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Account ${accountId}` }).waitFor();
  await page.getByLabel('Identity provider').selectOption('okta');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('heading', { name: 'Bearer token (shown once)' }).waitFor();
  await statusIs(page, 'pending');
  await page.getByRole('button', { name: 'Copy token' }).click();
  const token = await clipboardText(page);
  assert.match(token, /^dsync_/);

  // The IdP's first request: `connected` appears without a reload.
  const idp = scim(baseURL, token);
  const alice = (await idp.post('/Users', oktaCreateUser('alice@browser.io')).expect(201)).body.id as string;
  await statusIs(page, 'connected');
  await page.locator('[data-field="users"]', { hasText: '1' }).waitFor();

  // Role mappings: a custom mapping saves; a default group is refused inline, next to its row.
  const group = (await idp.post('/Groups', oktaCreateGroup('Engineers')).expect(201)).body.id as string;
  await idp
    .patch(`/Groups/${group}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: alice }] }] })
    .expect(204);
  await page.getByLabel('Group name, row 1').fill('Engineers');
  await page.getByLabel('Role, row 1').selectOption('admin');
  await page.getByRole('button', { name: 'Save mappings' }).click();
  await page.getByText('Role mappings saved').waitFor();
  assert.equal(await page.getByLabel('Group name, row 1').inputValue(), 'Engineers');
  await page.getByLabel('Group name, row 2').fill('knock-role-owner');
  await page.getByLabel('Role, row 2').selectOption('support');
  await page.getByRole('button', { name: 'Save mappings' }).click();
  const refusal = page.locator('#mapping-error-1');
  await refusal.waitFor();
  assert.match((await refusal.textContent())!, /'knock-role-owner' is a default group \(knock-role-\*\) and cannot be remapped/);
  assert.equal(await page.getByLabel('Group name, row 2').getAttribute('aria-invalid'), 'true');
  await screenshot(page, '03-mapping-refused');
  await page.goto(`/console/accounts/${accountId}`);
  await screenshot(page, '02-account');

  // A setup link, opened in a fresh context (no console session): a new token, the old one stops.
  await page.getByLabel('Link expires in').selectOption('3');
  await page.getByRole('button', { name: 'Create setup link' }).click();
  const linkUrl = (await page.locator('#revealed-link').textContent())!.trim();
  assert.match(linkUrl, /\/setup\/dsl_/);
  const customer = await newContext(browser);
  const setup = await customer.newPage();
  watchConsole(setup);
  await setup.goto(linkUrl);
  await setup.getByRole('heading', { name: /Set up user provisioning for Browser <Test> & Co/ }).waitFor();
  await setup.getByText('Okta', { exact: true }).waitFor();
  await setup.getByRole('button', { name: 'Generate token' }).click();
  await setup.locator('#setup-token-box').waitFor({ state: 'visible' });
  const customerToken = (await setup.locator('#setup-token').textContent())!.trim();
  assert.match(customerToken, /^dsync_/);
  await idp.get('/Users').expect(401);
  const customerIdp = scim(baseURL, customerToken);
  await customerIdp.post('/Users', oktaCreateUser('bob@browser.io')).expect(201);
  await setup.getByText('Connected — 2 users, 1 group received').waitFor({ timeout: 20_000 });
  await screenshot(setup, '04-setup-link');
  await customer.close();

  // Members: the table with roles and the Temporal UI link of each directory-managed member.
  await page.goto(`/console/accounts/${accountId}`);
  await page.getByRole('link', { name: 'Open the members table' }).click();
  const aliceRow = page.locator('#members-table tr', { hasText: 'alice@browser.io' });
  await aliceRow.waitFor();
  assert.match((await aliceRow.textContent())!, /admin/);
  assert.match(
    (await page.getByRole('link', { name: 'Workflow of alice@browser.io' }).getAttribute('href'))!,
    new RegExp(`^${settings.temporalUiUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/namespaces/default/workflows/scim-user%3A`),
  );
  await screenshot(page, '05-members');

  // The events feed: recent changes, filtered by kind and by member.
  // The feed shows a row once every transaction older than it has ended (other tests write too): reload until it does.
  await untilShown(
    page,
    `/console/accounts/${accountId}/events`,
    page.locator('table.events code', { hasText: 'directory.token-rotated' }).first(),
  );
  await page.getByLabel('Kind').selectOption('role.changed');
  await page.getByLabel('Member email').fill('alice@browser.io');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByText(/alice@browser\.io: role support → admin \(role mappings changed: engineers\)/).waitFor();
  assert.equal(await page.locator('table.events tbody tr').count(), 1);
  await screenshot(page, '06-events');

  // Disconnect, from the keyboard: the dialog names the account; confirming freezes the directory.
  await page.goto(`/console/accounts/${accountId}`);
  await page.getByRole('button', { name: 'Disconnect', exact: true }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Disconnect ${accountId}?` });
  await dialog.waitFor();
  await screenshot(page, '07-disconnect-dialog');
  // Cancel has the focus (the safe choice); Escape closes the dialog and nothing happens.
  await dialog.locator('button:focus', { hasText: 'Cancel' }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await statusIs(page, 'connected');
  await page.getByRole('button', { name: 'Disconnect', exact: true }).focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Shift+Tab');
  await dialog.locator('button:focus', { hasText: `Disconnect ${accountId}` }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByText('Directory disconnected').first().waitFor();
  await statusIs(page, 'disconnected');
  await customerIdp.get('/Users').expect(401);
  await screenshot(page, '08-disconnected');

  // The accounts list shows the account's state, and search by member email finds it.
  await page.goto('/console');
  await page.getByLabel('Account id or member email (starts with)').fill('bob@browser.io');
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.locator('tr', { hasText: accountId });
  await row.waitFor();
  assert.match((await row.textContent())!, /disconnected[\s\S]*Okta[\s\S]*2[\s\S]*1/);
  await screenshot(page, '09-accounts');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to the support console' }).waitFor();
  await context.close();

  // The refused mapping form answers 400, which Chromium reports as a failed load of that page; nothing else may log an error.
  assert.deepEqual(
    errors.filter((e) => !/role-mappings: Failed to load resource: the server responded with a status of 400/.test(e)),
    [],
  );
}

async function main(): Promise<void> {
  fs.mkdirSync(settings.screenshots, { recursive: true });
  // --no-sandbox: tests may run as root (a container), where Chromium's sandbox cannot start.
  const browser = await chromium.launch({
    executablePath: settings.chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    await flow(browser);
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.stdout.write('console flow passed\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
