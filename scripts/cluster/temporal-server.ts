import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { stopProcess, waitUntilServing } from '../../src/infra/temporal-dev-server';
import { PROJECT_ROOT } from '../bench/service-processes';

const run = promisify(execFile);

/** The server configuration template and the dynamic configuration, kept in the repo (docker-compose mounts the same folder). */
export const TEMPORAL_CONFIG_DIR = path.join(PROJECT_ROOT, 'deploy/temporal');

export interface TemporalServerTools {
  serverBin: string;
  sqlTool: string;
  /** Holds temporal/versioned and visibility/versioned (PostgreSQL 12+ schema of the pinned server). */
  schemaDir: string;
  uiBin?: string;
}

/** Builds (first time only) and locates the pinned Temporal server, its SQL tool and schema; see scripts/ensure-temporal-server.sh. */
export async function ensureTemporalServerTools(options: { ui: boolean }): Promise<TemporalServerTools> {
  const script = path.join(PROJECT_ROOT, 'scripts/ensure-temporal-server.sh');
  const { stdout } = await run('bash', [script], {
    maxBuffer: 1024 * 1024,
    timeout: 30 * 60_000,
    env: { ...process.env, TEMPORAL_UI: options.ui ? '1' : '0' },
  });
  const values = Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, match[2]!]),
  );
  const { TEMPORAL_SERVER_BIN: serverBin, TEMPORAL_SQL_TOOL: sqlTool, TEMPORAL_SCHEMA_DIR: schemaDir } = values;
  if (!serverBin || !sqlTool || !schemaDir) throw new Error(`scripts/ensure-temporal-server.sh printed no paths: ${stdout}`);
  return { serverBin, sqlTool, schemaDir, ...(values.TEMPORAL_UI_BIN ? { uiBin: values.TEMPORAL_UI_BIN } : {}) };
}

export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Persistence and visibility databases. */
  database: string;
  visibilityDatabase: string;
}

/**
 * Creates Temporal's two databases if missing, and sets up or migrates their schema to the pinned
 * server's latest, with the server's own SQL tool. Idempotent: `create-database` ignores an existing
 * database, `setup-schema -v 0.0` leaves a newer version alone, `update-schema` applies what is missing.
 */
export async function setupTemporalSchema(tools: TemporalServerTools, db: TemporalDatabase, logFile: string): Promise<void> {
  const sql = async (database: string, args: string[]) => {
    const common = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--db', database];
    try {
      const { stdout, stderr } = await run(tools.sqlTool, [...common, ...args], {
        env: { ...process.env, SQL_PASSWORD: db.password },
        maxBuffer: 16 * 1024 * 1024,
      });
      fs.appendFileSync(logFile, `$ temporal-sql-tool --db ${database} ${args.join(' ')}\n${stdout}${stderr}`);
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      fs.appendFileSync(
        logFile,
        `$ temporal-sql-tool --db ${database} ${args.join(' ')} FAILED\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
      );
      throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed (log: ${logFile})`);
    }
  };
  for (const [database, schema] of [
    [db.database, 'temporal'],
    [db.visibilityDatabase, 'visibility'],
  ] as const) {
    await sql(database, ['create-database']);
    await sql(database, ['setup-schema', '-v', '0.0']);
    await sql(database, ['update-schema', '-d', path.join(tools.schemaDir, schema, 'versioned')]);
  }
}

export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/**
 * Free loopback ports for every service of the server; `frontend` as asked when given. Below 32768:
 * the server records its membership ports in a smallint column (cluster_membership.rpc_port), and
 * the kernel's ephemeral ports, which freePort() hands out, start at 32768.
 */
export async function allocateTemporalPorts(frontend?: number): Promise<TemporalServerPorts> {
  const taken = new Set<number>(frontend === undefined ? [] : [frontend]);
  const next = async () => {
    for (;;) {
      const port = 20000 + Math.floor(Math.random() * 12000);
      if (!taken.has(port) && (await portIsFree(port))) {
        taken.add(port);
        return port;
      }
    }
  };
  return {
    frontend: frontend ?? (await next()),
    frontendHttp: await next(),
    frontendMembership: await next(),
    history: await next(),
    historyMembership: await next(),
    matching: await next(),
    matchingMembership: await next(),
    worker: await next(),
    workerMembership: await next(),
  };
}

/** Whether `port` can be bound on 127.0.0.1 right now. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface TemporalServerOptions {
  tools: TemporalServerTools;
  db: TemporalDatabase;
  ports: TemporalServerPorts;
  logFile: string;
  logLevel?: string;
  readyTimeoutMs?: number;
}

export interface TemporalServer {
  address: string;
  /** Stops the server (SIGTERM, SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and databases (after `stop`). */
  start(): Promise<void>;
}

/**
 * The real Temporal server (frontend, history, matching and worker services in one process) on
 * PostgreSQL, configured by deploy/temporal/config.yaml (rendered by the server from the environment
 * set here) and deploy/temporal/dynamic-config.yaml. It runs in its own process group, so a Ctrl-C
 * in the terminal reaches only the cluster script, which stops everything in order.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const address = `127.0.0.1:${options.ports.frontend}`;
  const p = options.ports;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_DB_HOST: options.db.host,
    TEMPORAL_DB_PORT: String(options.db.port),
    TEMPORAL_DB_USER: options.db.user,
    TEMPORAL_DB_PASSWORD: options.db.password,
    TEMPORAL_DB_NAME: options.db.database,
    TEMPORAL_VISIBILITY_DB_NAME: options.db.visibilityDatabase,
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    TEMPORAL_FRONTEND_PORT: String(p.frontend),
    TEMPORAL_FRONTEND_HTTP_PORT: String(p.frontendHttp),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(p.frontendMembership),
    TEMPORAL_HISTORY_PORT: String(p.history),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(p.historyMembership),
    TEMPORAL_MATCHING_PORT: String(p.matching),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(p.matchingMembership),
    TEMPORAL_WORKER_PORT: String(p.worker),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(p.workerMembership),
    TEMPORAL_DYNAMIC_CONFIG_FILE: path.join(TEMPORAL_CONFIG_DIR, 'dynamic-config.yaml'),
    TEMPORAL_LOG_LEVEL: options.logLevel ?? 'warn',
  };
  let child: ChildProcess | undefined;
  let exited: string | undefined;
  const start = async () => {
    const log = fs.openSync(options.logFile, 'a');
    exited = undefined;
    const args = ['--root', PROJECT_ROOT, '--config', 'deploy/temporal', '--env', 'config', '--allow-no-auth', 'start'];
    const spawned = spawn(options.tools.serverBin, args, { stdio: ['ignore', log, log], env, cwd: PROJECT_ROOT, detached: true });
    fs.closeSync(log);
    spawned.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
    });
    child = spawned;
    try {
      await waitUntilServing(address, options.readyTimeoutMs ?? 120_000, () => exited);
    } catch (error) {
      await stopProcess(spawned);
      throw new Error(`${(error as Error).message} (log: ${options.logFile})`);
    }
  };
  await start();
  return {
    address,
    stop: async () => {
      if (child) await stopProcess(child);
    },
    start,
  };
}

export interface TemporalUi {
  url: string;
  stop(): Promise<void>;
}

/** The Temporal Web UI server (github.com/temporalio/ui-server), pointed at the frontend, on loopback. */
export async function startTemporalUi(options: {
  uiBin: string;
  port: number;
  temporalAddress: string;
  namespace: string;
  workDir: string;
  logFile: string;
}): Promise<TemporalUi> {
  const configDir = path.join(options.workDir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(
    path.join(configDir, 'cluster.yaml'),
    [
      `temporalGrpcAddress: ${options.temporalAddress}`,
      'host: 127.0.0.1',
      `port: ${options.port}`,
      'enableUi: true',
      `defaultNamespace: ${options.namespace}`,
      'showTemporalSystemNamespace: false',
      'notifyOnNewVersion: false',
      'cors:',
      '  cookieInsecure: true',
      '  allowOrigins: []',
      '',
    ].join('\n'),
  );
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(options.uiBin, ['--root', options.workDir, '--config', 'config', '--env', 'cluster', 'start'], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal UI exited with ${child.exitCode} (log: ${options.logFile})`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`the Temporal UI did not answer at ${url} (log: ${options.logFile})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, stop: () => stopProcess(child) };
}
