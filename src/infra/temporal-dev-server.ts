import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; omit for a headless server. */
  uiPort?: number;
  dbFile: string;
  logFile: string;
  namespace: string;
  /** How long to wait for the server to answer. The SDK's own launcher gives up after 5 s, too short on 2 cores. */
  readyTimeoutMs?: number;
  /**
   * Dispatch tasks by priority and fairness key (workflows/priority.ts): the server's new matcher
   * with fairness (dynamic config of server 1.32, the CLI's). Off, priorities are ignored.
   */
  fairness?: boolean;
}

/** The dynamic config that makes the dev server honour priority keys and fairness keys. */
export const FAIRNESS_DYNAMIC_CONFIG = ['matching.useNewMatcher=true', 'matching.enableFairness=true'];

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` on SQLite with our search attributes and waits until it answers. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--db-filename',
    options.dbFile,
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
    // WAL with NORMAL sync: commits survive a crash of any process (kill -9 included) and only the
    // last moments could be lost on power failure; the default (fsync on every commit) caps the
    // dev server near 35 updates/s on this kind of machine. Production runs Temporal on PostgreSQL.
    // (Reviewed for issue 12: one task queue partition instead of the default four measured no
    // faster here, 58.7/51.0 vs 63.9/51.2 no-op updates/s, so the server keeps its defaults.)
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    ...(options.fairness ? FAIRNESS_DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]) : []),
    ...ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
  ];
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(options.cliPath, args, { stdio: ['ignore', log, log], detached: false });
  fs.closeSync(log);
  const address = `127.0.0.1:${options.port}`;

  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  try {
    await waitUntilServing(address, options.readyTimeoutMs ?? 60_000, () => exited);
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${(error as Error).message} (log: ${options.logFile})`);
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => stopProcess(child),
  };
}

/** Waits until a Temporal frontend at `address` answers, or the process behind it has exited (`exited` says how). */
export async function waitUntilServing(address: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const reason = exited();
    if (reason) throw new Error(`The Temporal server ${reason}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`The Temporal server did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
