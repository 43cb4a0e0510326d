import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadCliConfig } from '../config';
import { AdminApiError, AdminClient } from './admin-client';
import { COMMANDS, findCommand, UsageError } from './commands';

/**
 * The support CLI (`npm run support -- <command>`): the admin API from a terminal. Tables by
 * default, `--json` for scripts; on failure a one-line reason on stderr and a non-zero exit.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      // `events` flags, handed to the command as they were given.
      follow: { type: 'boolean', short: 'f' },
      kind: { type: 'string' },
      member: { type: 'string' },
      after: { type: 'string' },
    },
  });
  const help = `Usage: npm run support -- <command> [--json]\n\nCommands:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n\nEnvironment: DSYNC_URL (default http://127.0.0.1:$PORT), ADMIN_TOKEN (default: DATA_DIR/admin-token), TEMPORAL_UI_URL.`;
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${help}\n`);
    return values.help ? 0 : 2;
  }
  const command = findCommand(positionals);
  if (!command) throw new UsageError(`unknown command '${positionals.join(' ')}'; run with --help`);
  const config = loadCliConfig();
  const token =
    config.adminToken ?? (fs.existsSync(config.adminTokenFile) ? fs.readFileSync(config.adminTokenFile, 'utf8').trim() : undefined);
  if (!token) throw new UsageError(`no admin token: set ADMIN_TOKEN (or start the service once so ${config.adminTokenFile} exists)`);
  await command.run(
    {
      api: new AdminClient(config.serviceUrl, token),
      json: values.json ?? false,
      temporalUiUrl: config.temporalUiUrl,
      workflowUrl: (id) => `${config.temporalUiUrl}/namespaces/${config.namespace}/workflows/${encodeURIComponent(id)}`,
      out: (text) => process.stdout.write(`${text}\n`),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    [
      ...command.args,
      ...(values.follow ? ['--follow'] : []),
      ...(['kind', 'member', 'after'] as const).flatMap((flag) => (values[flag] !== undefined ? [`--${flag}`, values[flag]] : [])),
    ],
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof AdminApiError || error instanceof UsageError || error instanceof ConfigError;
    process.stderr.write(`error: ${known ? (error as Error).message.split('\n').join(' ') : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
