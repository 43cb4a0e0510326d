import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';
import { oktaCreateUser } from '../fixtures/idp-requests';

const env = useTestEnv();
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

async function support(baseUrl: string, token: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/support.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DSYNC_URL: baseUrl, ADMIN_TOKEN: token, TEMPORAL_UI_URL: 'http://ui.test:8233' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('support CLI', () => {
  it('runs the support operations, as tables or JSON, and fails with one line', async () => {
    const baseUrl = await env().listen();
    const cli = (...args: string[]) => support(baseUrl, env().adminToken, args);
    const account = `cli-${Date.now()}`;

    expect((await cli('accounts', 'create', account, 'CLI', 'Corp')).stdout).toMatch(/CLI Corp/);
    const connected = await cli('connect', account, 'okta');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toMatch(/SCIM base URL: http:\/\/127\.0\.0\.1:\d+\/scim\/v2/);
    expect(connected.stdout).toMatch(/Workflow: http:\/\/ui\.test:8233\/namespaces\/default\/workflows\/connect-directory%3A/);
    const token = /Bearer token .*: (dsync_\S+)/.exec(connected.stdout)![1]!;
    await env().scim(token).post('/Users', oktaCreateUser('cli.user@acme.io')).expect(201);

    const status = JSON.parse((await cli('status', account, '--json')).stdout);
    expect(status).toMatchObject({ users: 1, groups: 0 });
    expect((await cli('members', account)).stdout).toMatch(
      /^email\s+name\s+role\s+active[\s\S]*cli\.user@acme\.io\s+cli user\s+support\s+true/m,
    );

    expect((await cli('mappings', 'set', account, 'Finance=billing', 'Eng Team=admin')).stdout).toMatch(/Eng Team\s+admin/);
    expect(JSON.parse((await cli('mappings', 'get', account, '--json')).stdout)).toEqual([
      { group: 'Eng Team', role: 'admin' },
      { group: 'Finance', role: 'billing' },
    ]);
    expect(JSON.parse((await cli('invite', account, 'new.person@acme.io', 'admin', '--json')).stdout)).toMatchObject({
      email: 'new.person@acme.io',
      role: 'admin',
    });

    const rotated = await cli('rotate-token', account);
    expect(rotated.stdout).toMatch(/New bearer token .*: dsync_/);
    await env().scim(token).get('/Users').expect(401);

    const disconnected = await cli('disconnect', account);
    expect(disconnected.stdout).toMatch(
      /Disconnected; frozen at .*\nStopped workflows: 1 users, 0 groups\.\nWorkflow: http:\/\/ui\.test:8233\/.*disconnect-directory/,
    );

    const failed = await cli('mappings', 'set', account, 'knock-role-owner=support');
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: 400: .*default group/)]);
    const unknown = await cli('status', 'no-such-account');
    expect(unknown).toMatchObject({ code: 1, stderr: 'error: 404: No account no-such-account\n' });
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('shows the users waiting for an email in the status, and lists them a page at a time (rule 2)', async () => {
    const baseUrl = await env().listen();
    const cli = (...args: string[]) => support(baseUrl, env().adminToken, args);
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    await idp.post('/Users', oktaCreateUser('jo.person@acme.io')).expect(201);
    const bots = [];
    for (const userName of ['svc-build-bot', 'svc-deploy', 'svc-backup']) {
      const { emails: _emails, ...body } = oktaCreateUser('x.y@acme.io', { userName, externalId: `ext-${userName}` });
      bots.push((await idp.post('/Users', body).expect(201)).body.id as string);
    }

    const status = await cli('status', accountId);
    expect(status.stdout).toMatch(/^usersWaitingForEmail\s+3$/m);
    expect(status.stdout).toMatch(/^warnings\s+3 SCIM users have no email: .*npm run support -- waiting-for-email /m);
    expect(JSON.parse((await cli('status', accountId, '--json')).stdout)).toMatchObject({ users: 4, usersWaitingForEmail: 3 });

    const listed = await cli('waiting-for-email', accountId);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+userName\s+externalId/m);
    expect(listed.stdout).toMatch(new RegExp(`^${bots[0]}\\s+svc-build-bot\\s+ext-svc-build-bot`, 'm'));
    expect(listed.stdout).not.toMatch(/jo\.person/);
    expect(listed.stdout).toMatch(/3 user\(s\) waiting for an email \(1-3 shown\)\.$/m);

    const page = await cli('waiting-for-email', accountId, '2', '1', '--json');
    expect(JSON.parse(page.stdout)).toMatchObject({
      total: 3,
      offset: 1,
      limit: 2,
      users: [{ userName: 'svc-deploy' }, { userName: 'svc-backup' }],
    });
    expect((await cli('waiting-for-email', accountId, '1')).stdout).toMatch(`More: waiting-for-email ${accountId} 1 1`);
    const tooMany = await cli('waiting-for-email', accountId, '501');
    expect(tooMany).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: 400: limit: /) });
  });

  it('prints the events feed, filtered, and follows it as changes arrive (events acme --follow)', async () => {
    const baseUrl = await env().listen();
    const cli = (...args: string[]) => support(baseUrl, env().adminToken, args);
    const { accountId, token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    await idp.post('/Users', oktaCreateUser('first.follow@acme.io')).expect(201);

    // The feed shows a row once every transaction older than it has ended (other test files write too).
    const listed = await eventually(async () => {
      const result = await cli('events', accountId);
      expect(result.stdout).toMatch(/user\.created/);
      return result;
    }, 30_000);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/directory\.pending\s+Directory connected by support \(okta\).*\[connect-directory:/);
    expect(listed.stdout).toMatch(/user\.created\s+first\.follow@acme\.io created as support\s+\[scim-user:/);
    expect(listed.stdout).toMatch(/\(next: events \S+ --after \S+\)$/m);
    const json = (await cli('events', accountId, '--kind', 'user.created', '--json')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json).toEqual([expect.objectContaining({ kind: 'user.created', email: 'first.follow@acme.io' })]);
    expect(await cli('events', accountId, '--kind', 'nope')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error: 400: kind: /),
    });
    expect((await cli('events')).code).toBe(2);

    const follower = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/support.ts', 'events', accountId, '--follow'],
      {
        cwd: ROOT,
        env: { ...process.env, DSYNC_URL: baseUrl, ADMIN_TOKEN: env().adminToken },
      },
    );
    let out = '';
    follower.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await eventually(async () => expect(out).toMatch(/first\.follow@acme\.io created/), 30_000);
      await idp.post('/Users', oktaCreateUser('second.follow@acme.io')).expect(201);
      await eventually(async () => expect(out).toMatch(/user\.created\s+second\.follow@acme\.io created/), 30_000);
      expect(out.match(/first\.follow@acme\.io created/g)).toHaveLength(1);
    } finally {
      follower.kill();
    }
  });
});
