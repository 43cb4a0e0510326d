import path from 'node:path';
import { ensurePrivateDir } from '../infra/private-dir';
import { loadOrCreateSecret } from '../infra/secret-file';

/** The embedded default's admin token: generated once, kept in the data folder (mode 600, in a folder of mode 700). */
export function loadOrCreateAdminToken(dataDir: string): string {
  ensurePrivateDir(dataDir);
  return loadOrCreateSecret(path.join(dataDir, 'admin-token'));
}
