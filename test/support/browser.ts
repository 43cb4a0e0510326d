import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'console');

/**
 * A Chromium for the browser tests: scripts/ensure-chromium.sh finds one (CHROMIUM_PATH, PATH) or
 * installs Debian's package (as root on Debian), so `npm test` works on a fresh machine.
 */
export function ensureChromium(): string {
  return execFileSync('bash', [path.join(ROOT, 'scripts/ensure-chromium.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000,
  }).trim();
}

/**
 * Runs a browser flow script (test/browser/) in its own Node process, without the service's
 * --disable-proto flag (playwright-core's bundled libraries assign __proto__). Resolves with its
 * output; a failing flow rejects with its stderr.
 */
export function runBrowserFlow(script: string, settings: Record<string, string>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test/browser', script), JSON.stringify({ ...settings, screenshots: SCREENSHOTS })],
      { cwd: ROOT, timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${script} failed:\n${stderr || error.message}`)) : resolve(stdout)),
    );
  });
}
