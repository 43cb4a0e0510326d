import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface ServiceSettings {
  databaseUrl: string;
  temporalAddress: string;
  adminToken: string;
  port: number;
  taskQueue: string;
  logDir: string;
  /** Further settings by their environment variable names (src/config.ts), e.g. a shorter deadline under chaos. */
  env?: Record<string, string>;
}

/** One production role (`src/api.ts` or `src/worker.ts`) as its own OS process, as deployed. */
export class ServiceProcess {
  private child?: ChildProcess;
  private peakRssBytes = 0;
  private sampler?: NodeJS.Timeout;

  constructor(
    readonly role: 'api' | 'worker',
    private readonly settings: ServiceSettings,
  ) {}

  start(): void {
    const log = fs.openSync(path.join(this.settings.logDir, `${this.role}.log`), 'a');
    this.child = spawn(process.execPath, ['--disable-proto=throw', '--import', 'tsx', path.join(ROOT, `src/${this.role}.ts`)], {
      cwd: ROOT,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        DATABASE_URL: this.settings.databaseUrl,
        TEMPORAL_ADDRESS: this.settings.temporalAddress,
        TEMPORAL_TASK_QUEUE: this.settings.taskQueue,
        ADMIN_TOKEN: this.settings.adminToken,
        PORT: String(this.settings.port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATABASE_POOL_MAX: '20',
        // The bench measures the service, not the per-directory rate limit (one directory drives it all).
        SCIM_RATE_LIMIT_PER_SECOND: process.env.SCIM_RATE_LIMIT_PER_SECOND ?? '0',
        ...this.settings.env,
      },
    });
    fs.closeSync(log);
    clearInterval(this.sampler);
    this.sampler = setInterval(() => this.sample(), 250);
  }

  /** kill -9: no shutdown hook runs, in-flight activities are lost mid-way. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
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

/** Waits until the API answers /healthz. */
export async function waitForHealthy(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${baseUrl} did not become healthy in ${timeoutMs} ms`);
}
