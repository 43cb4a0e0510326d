import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** This checkout; `bench:compare --before <tree>` runs another one's entry points the same way. */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** What runs in a process: a production role, the embedded default, or the peer SCIM server. */
export type ServiceRole = 'api' | 'worker' | 'embedded' | 'peer';

const ENTRY_POINTS: Record<ServiceRole, string> = {
  api: 'src/api.ts',
  worker: 'src/worker.ts',
  embedded: 'src/main.ts',
  peer: 'scripts/bench/peer/server.mjs',
};

export interface ServiceSettings {
  /** The checkout whose entry point runs (its own node_modules); this one by default. */
  root?: string;
  /** Where `<name>.log` (the process's stdout and stderr) goes. */
  logDir: string;
  /** Added to the bench's environment (see `start`). */
  env: Record<string, string>;
  /** Its own process group: a Ctrl-C in the terminal reaches only the parent, which stops it in order. */
  detached?: boolean;
}

/** The environment of `src/api.ts` and `src/worker.ts`, as deployed: they are told where everything is. */
export function productionEnv(settings: {
  databaseUrl: string;
  temporalAddress: string;
  adminToken: string;
  port: number;
  taskQueue: string;
}): Record<string, string> {
  return {
    DATABASE_URL: settings.databaseUrl,
    TEMPORAL_ADDRESS: settings.temporalAddress,
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    ADMIN_TOKEN: settings.adminToken,
    PORT: String(settings.port),
    DATABASE_POOL_MAX: '20',
  };
}

/** One service as its own OS process, as deployed, with its peak RSS sampled. */
export class ServiceProcess {
  private child?: ChildProcess;
  private peakRssBytes = 0;
  private sampler?: NodeJS.Timeout;

  constructor(
    readonly role: ServiceRole,
    private readonly settings: ServiceSettings,
    /** Names the log file; the role by default. */
    readonly name: string = role,
  ) {}

  start(): void {
    const root = this.settings.root ?? PROJECT_ROOT;
    const log = fs.openSync(path.join(this.settings.logDir, `${this.name}.log`), 'a');
    // tsx resolves from the working directory: each checkout runs with its own packages.
    const args = this.role === 'peer' ? [] : ['--disable-proto=throw', '--import', 'tsx'];
    this.child = spawn(process.execPath, [...args, path.join(root, ENTRY_POINTS[this.role])], {
      cwd: root,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // The bench measures the service, not the per-directory rate limit (one directory drives it all).
        SCIM_RATE_LIMIT_PER_SECOND: process.env.SCIM_RATE_LIMIT_PER_SECOND ?? '0',
        // Several services on one machine: each takes a free metrics port (logged at start) rather than 9464.
        METRICS_PORT: '0',
        ...this.settings.env,
      },
      detached: this.settings.detached ?? false,
    });
    fs.closeSync(log);
    clearInterval(this.sampler);
    this.sampler = setInterval(() => this.sample(), 250);
  }

  /** kill -9: no shutdown hook runs, in-flight activities are lost mid-way. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  /** SIGTERM, then SIGKILL after `graceMs` (the embedded default stops its PostgreSQL and Temporal first). */
  async stop(graceMs = 15_000): Promise<void> {
    clearInterval(this.sampler);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  get peakRssMiB(): number {
    return Math.round(this.peakRssBytes / (1024 * 1024));
  }

  private sample(): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.peakRssBytes = Math.max(this.peakRssBytes, kib * 1024);
    } catch {
      // The process is gone (killed on purpose, or not yet started).
    }
  }
}

/** Waits until `url` answers 2xx (a service is up once it does). */
export async function waitForOk(url: string, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 2xx in ${timeoutMs} ms`);
}

/** Waits until the API answers /healthz. */
export async function waitForHealthy(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  await waitForOk(`${baseUrl}/healthz`, {}, timeoutMs);
}

export interface RunningServices {
  worker: ServiceProcess;
  api: ServiceProcess;
  baseUrl: string;
  /** The API first (no new requests), then the worker. */
  stop(): Promise<void>;
}

/** The worker and the API of one configuration as separate processes; resolves once the API answers `/healthz`. */
export async function startServices(settings: ServiceSettings, port: number, label?: string): Promise<RunningServices> {
  const worker = new ServiceProcess('worker', settings, label ? `${label}-worker` : 'worker');
  const api = new ServiceProcess('api', settings, label ? `${label}-api` : 'api');
  worker.start();
  api.start();
  const stop = async () => {
    await api.stop();
    await worker.stop();
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { worker, api, baseUrl, stop };
}
