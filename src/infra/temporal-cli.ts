import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Path of a Temporal CLI; installs the pinned one into .tools/ on first use (see the script). */
export async function ensureTemporalCli(): Promise<string> {
  const script = path.resolve(__dirname, '../../scripts/ensure-temporal-cli.sh');
  const { stdout } = await run('bash', [script], { maxBuffer: 1024 * 1024, timeout: 15 * 60_000 });
  const cli = stdout.trim().split('\n').pop();
  if (!cli) throw new Error('scripts/ensure-temporal-cli.sh printed no path');
  return cli;
}
