import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/** A random secret kept in `file` (mode 600): read when it exists, generated once otherwise. */
export function loadOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
