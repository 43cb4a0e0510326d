import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/infra/free-port';
import { oktaCreateUser } from '../fixtures/idp-requests';
import { SDK_METRICS_USED } from '../support/sdk-metrics';

/**
 * The embedded default end to end, started the way `npm start` starts it (its own PGlite, its own
 * Temporal dev server, API and worker in one process), with nothing from the test harness: the
 * README's quick start, checked. Needs TEMPORAL_CLI (or a CLI the script can find), like the rest
 * of the integration suite.
 */
const ROOT = path.resolve(__dirname, '../..');
const STARTUP_TIMEOUT_MS = 45_000;

/** Settings of the test harness or the operator that would turn the embedded default off. */
const NOT_EMBEDDED = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ADMIN_TOKEN', 'PUBLIC_BASE_URL', 'PAYLOAD_ENCRYPTION_KEYS', 'TEMPORAL_UI_URL'];

interface Started {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['--disable-proto=throw', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

async function waitForHealthy(baseUrl: string, started: Started): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exitedEarly = false;
  void started.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline && !exitedEarly) {
    const status = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not healthy (${exitedEarly ? 'exited' : 'timed out'}); stderr:\n${started.output.stderr}`);
}

/** Every process below `pid` (Linux /proc): the Temporal dev server is one. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we were reading.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const [child, parent] of parents) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

describe('the embedded default (npm start)', () => {
  let tmp: string | undefined;
  let started: Started | undefined;
  let children: number[] = [];

  afterEach(async () => {
    // Only when the test failed before or during its own clean stop: never leave a process behind.
    if (started && started.child.exitCode === null && started.child.signalCode === null) {
      children.push(...descendants(started.child.pid!));
      started.child.kill('SIGKILL');
      await started.exited;
    }
    for (const pid of children) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('starts, provisions a user through SCIM, shows it as a member, keeps the admin token private, and stops cleanly on SIGINT', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-embedded-'));
    // mkdtemp makes it 0700; as root the embedded PostgreSQL runs as `nobody`, which must cross it.
    fs.chmodSync(tmp, 0o711);
    const dataDir = path.join(tmp, 'data');
    // An existing, world-readable folder: start-up must tighten it, not only create it private.
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const [port, temporalPort, uiPort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_DEV_UI_PORT: String(uiPort),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
    };
    for (const name of NOT_EMBEDDED) delete env[name];
    const baseUrl = `http://127.0.0.1:${port}`;

    started = start(env);
    await waitForHealthy(baseUrl, started);

    // Private to its owner; as root, `nobody` (the embedded PostgreSQL's user) may cross it, never list it.
    expect(fs.statSync(dataDir).mode & 0o777).toBe(process.getuid?.() === 0 ? 0o711 : 0o700);
    const adminToken = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    expect(adminToken.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    expect(started.output.stdout).toContain(`SCIM base URL:  ${baseUrl}/scim/v2`);
    expect(started.output.stdout).toContain(`in ${path.join(dataDir, 'admin-token')}`);

    const admin = (method: string, route: string, body?: unknown) =>
      fetch(`${baseUrl}/admin${route}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await admin('GET', '/accounts/acme/members')).status).toBe(404);
    expect((await fetch(`${baseUrl}/admin/accounts/acme/members`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);

    expect((await admin('POST', '/accounts', { id: 'acme', name: 'Acme' })).status).toBe(201);
    const connect = await admin('POST', '/accounts/acme/directory/connect', { provider: 'okta' });
    expect(connect.status).toBe(201);
    const { token, scimBaseUrl } = (await connect.json()) as { token: string; scimBaseUrl: string };
    expect(scimBaseUrl).toBe(`${baseUrl}/scim/v2`);

    const created = await fetch(`${scimBaseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(oktaCreateUser('jane.doe@acme.io')),
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string; userName: string };
    expect(user.userName).toBe('jane.doe@acme.io');

    const members = await admin('GET', '/accounts/acme/members');
    expect(members.status).toBe(200);
    expect(await members.json()).toEqual([
      { email: 'jane.doe@acme.io', name: 'jane doe', role: 'support', active: true, managedByDirectory: true, scimUserId: user.id },
    ]);

    // One metrics target for the process: the API's and the worker's instruments and the Temporal
    // SDK's own worker metrics; never on the public API port.
    expect(started.output.stdout).toContain(`Metrics:        http://127.0.0.1:${metricsPort}/metrics`);
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toContain('dsync_http_requests_total{method="POST",route="/scim/v2/Users",status="201"} 1\n');
    expect(text).toContain('dsync_changes_total{resource="user",kind="create",outcome="applied"} 1\n');
    expect(text).toContain('dsync_directories{status="connected"} 1\n');
    expect(text).toMatch(/^temporal_workflow_task_schedule_to_start_latency_count\{[^}]*task_queue="directory-sync"[^}]*\} [1-9]/m);
    // Every SDK metric the dashboard and the alert rules read, with the label they group by.
    for (const { name, label } of SDK_METRICS_USED) {
      expect({ name, exported: new RegExp(`^${name}(?:_bucket|_count)?\\{[^}]*${label ? `${label}="` : ''}`, 'm').test(text) }).toEqual({
        name,
        exported: true,
      });
    }
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404);

    children = descendants(started.child.pid!);
    expect(children.length).toBeGreaterThan(0);
    started.child.kill('SIGINT');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(children.filter(isAlive)).toEqual([]);

    // Neither the banner nor the logs show the admin token or the directory's bearer token.
    for (const output of [started.output.stdout, started.output.stderr]) {
      expect(output).not.toContain(adminToken);
      expect(output).not.toContain(token);
    }
    expect(started.output.stdout).toContain('Directory sync is running.');
  }, 90_000);
});
