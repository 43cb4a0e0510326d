import fs from 'node:fs';

/**
 * Creates the folder (and its parents) readable by this user only: the embedded default keeps
 * the admin token, the database and Temporal's histories (personal data) in it. An existing
 * folder is tightened too, since `mkdir` leaves its mode alone.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}
