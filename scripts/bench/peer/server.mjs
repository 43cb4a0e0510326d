/**
 * The peer of `npm run bench:compare`: a plain, non-durable open-source SCIM server (Better Auth
 * with its SCIM plugin, on SQLite through better-sqlite3), served by Node's http module. Plain
 * JavaScript because its packages are installed in this folder only (`npm run bench:peer:install`),
 * where the project's TypeScript check cannot see them.
 *
 * Environment: PEER_PORT, PEER_TOKEN (the SCIM bearer token), PEER_DB (SQLite file).
 * SCIM base URL: http://127.0.0.1:<PEER_PORT>/api/auth/scim/v2
 */
import http from 'node:http';
import { scim } from '@better-auth/scim';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';

const port = Number(process.env.PEER_PORT ?? 3100);
const token = process.env.PEER_TOKEN ?? '';
if (token.length < 16) throw new Error('PEER_TOKEN: at least 16 characters');
const sqlite = new Database(process.env.PEER_DB ?? 'peer.sqlite');
// better-sqlite3's own recommendation for a server; Better Auth leaves the pragmas to the application.
sqlite.pragma('journal_mode = WAL');

const auth = betterAuth({
  database: sqlite,
  baseURL: `http://127.0.0.1:${port}`,
  secret: token.repeat(2),
  telemetry: { enabled: false },
  plugins: [scim({ connections: [{ id: 'bench', credentials: [{ type: 'bearer', id: 'bench', token }] }] })],
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const server = http.createServer(toNodeHandler(auth));
server.listen(port, '127.0.0.1', () => process.stdout.write(`peer listening on ${port}\n`));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
