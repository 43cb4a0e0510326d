import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { AdminClient } from '../../src/cli/admin-client';
import { startCodecProxy } from '../../src/cli/codec-proxy';
import { ensureTemporalCli } from '../../src/infra/temporal-cli';
import { renderPayloads } from '../../src/http/codec/payload-json';
import { createPayloadCodec } from '../../src/temporal/payloads/data-converter';
import { userProvisioningStateQuery } from '../../workflows/contracts/provision-user';
import { userWorkflowId } from '../../workflows/ids';
import { USER_EMAIL } from '../../workflows/search-attributes';
import { oktaCreateUser } from '../fixtures/idp-requests';
import { useTestEnv } from '../support/test-env';

const run = promisify(execFile);
const keys = [{ id: 'k1', key: randomBytes(32) }];
const env = useTestEnv({ encryptionKeys: keys });
const plainEnv = useTestEnv();

/** Every string in the history, with every bytes field (payload data and metadata) read as text. */
function readable(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('latin1'));
  else if (Array.isArray(value)) for (const item of value) readable(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) readable(item, out);
  else if (typeof value === 'string') out.push(value);
  return out;
}

/** The CLI's JSON output with every base64 string (payload data, metadata) also decoded. */
function cliText(stdout: string): string {
  const decoded = [...stdout.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)].map((match) => Buffer.from(match[1]!, 'base64').toString('latin1'));
  return [stdout, ...decoded].join('\n');
}

/** The payloads of a history: objects with a bytes `data` field. */
function payloadsOf(value: unknown, out: Payload[] = []): Payload[] {
  if (Array.isArray(value)) for (const item of value) payloadsOf(item, out);
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    if ('data' in value && value.data instanceof Uint8Array && 'metadata' in value) out.push(value as Payload);
    else for (const item of Object.values(value)) payloadsOf(item, out);
  }
  return out;
}

describe('payload encryption', () => {
  it('keeps user attributes out of Temporal, readable only with the codec', async () => {
    const email = `enc.${randomUUID().slice(0, 8)}@example.com`;
    const { directoryId, token } = await env().connectedAccount();
    const created = await env()
      .scim(token)
      .post('/Users', oktaCreateUser(email, { displayName: 'Secret Person' }))
      .expect(201);
    expect(created.body.userName).toBe(email);
    const workflowId = userWorkflowId(directoryId, created.body.id as string);

    // A client without the codec sees only ciphertext: in payloads, search attributes, anywhere.
    const plainClient = new Client({ connection: env().client.connection, namespace: 'default' });
    const history = await plainClient.workflow.getHandle(workflowId).fetchHistory();
    const text = [JSON.stringify(historyToJSON(history)), ...readable(history)].join('\n');
    expect(text).toContain('binary/encrypted');
    expect(text).not.toContain(email);
    expect(text).not.toContain('Secret Person');
    const description = await plainClient.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(USER_EMAIL)).toBeUndefined();
    await expect(plainClient.workflow.getHandle(workflowId).query(userProvisioningStateQuery)).rejects.toThrow();

    // The API's client (with the codec) reads them, and so does the codec itself.
    expect(await env().client.workflow.getHandle(workflowId).query(userProvisioningStateQuery)).toMatchObject({ email, exists: true });
    const encrypted = payloadsOf(history);
    expect(encrypted.length).toBeGreaterThan(2);
    const decoded = await createPayloadCodec(keys)!.decode(encrypted);
    expect(readable(decoded).join('\n')).toContain(email);

    // The codec endpoint decodes for operators holding the admin token, and for nobody else.
    const body = renderPayloads(encrypted);
    await env().http.post('/codec/decode').send(body).expect(401);
    await env().http.post('/codec/decode').set('Authorization', 'Bearer not-the-admin-token').send(body).expect(401);
    const viaEndpoint = await env().http.post('/codec/decode').set('Authorization', `Bearer ${env().adminToken}`).send(body).expect(200);
    const endpointText = (viaEndpoint.body.payloads as Array<{ data: string }>)
      .map((p) => Buffer.from(p.data, 'base64').toString('utf8'))
      .join('\n');
    expect(endpointText).toContain(email);
    expect(endpointText).toContain('Secret Person');
  });

  it('serves the Temporal CLI: temporal workflow show --codec-endpoint --codec-auth', async () => {
    const email = `cli.${randomUUID().slice(0, 8)}@example.com`;
    const { directoryId, token } = await env().connectedAccount();
    const created = await env().scim(token).post('/Users', oktaCreateUser(email)).expect(201);
    const baseUrl = await env().listen();
    const infra = JSON.parse(process.env.DSYNC_TEST_INFRA ?? '{}') as { temporalAddress: string };
    const cli = await ensureTemporalCli();
    const show = [
      'workflow',
      'show',
      '--address',
      infra.temporalAddress,
      '--workflow-id',
      userWorkflowId(directoryId, created.body.id as string),
      '--output',
      'json',
    ];

    const withoutCodec = await run(cli, show, { maxBuffer: 16 * 1024 * 1024 });
    expect(cliText(withoutCodec.stdout)).toContain('binary/encrypted');
    expect(cliText(withoutCodec.stdout)).not.toContain(email);
    const withCodec = await run(cli, [...show, '--codec-endpoint', `${baseUrl}/codec`, '--codec-auth', `Bearer ${env().adminToken}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(cliText(withCodec.stdout)).toContain(email);
    expect(cliText(withCodec.stdout)).not.toContain('binary/encrypted');
  });

  it('serves the Temporal UI through the support CLI codec proxy, which adds the admin token', async () => {
    const email = `ui.${randomUUID().slice(0, 8)}@example.com`;
    const { directoryId, token } = await env().connectedAccount();
    const created = await env().scim(token).post('/Users', oktaCreateUser(email)).expect(201);
    const history = await env()
      .client.workflow.getHandle(userWorkflowId(directoryId, created.body.id as string))
      .fetchHistory();
    const baseUrl = await env().listen();
    const ui = 'http://localhost:8080';
    const proxy = await startCodecProxy({ api: new AdminClient(baseUrl, env().adminToken), port: 0, temporalUiUrl: ui });
    try {
      // What the UI's browser does: a preflight, then the call with no credentials of ours.
      const preflight = await fetch(`${proxy.url}/decode`, {
        method: 'OPTIONS',
        headers: { Origin: ui, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ui);
      const response = await fetch(`${proxy.url}/decode`, {
        method: 'POST',
        headers: { Origin: ui, 'Content-Type': 'application/json', 'X-Namespace': 'default' },
        body: JSON.stringify(renderPayloads(payloadsOf(history))),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(ui);
      const decoded = (await response.json()) as { payloads: Array<{ data: string }> };
      expect(decoded.payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n')).toContain(email);
    } finally {
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('is not served when no keys are configured, and payloads stay plain', async () => {
    await plainEnv().http.post('/codec/decode').set('Authorization', `Bearer ${plainEnv().adminToken}`).send({ payloads: [] }).expect(404);
    const email = `plain.${randomUUID().slice(0, 8)}@example.com`;
    const { directoryId, token } = await plainEnv().connectedAccount();
    const created = await plainEnv().scim(token).post('/Users', oktaCreateUser(email)).expect(201);
    const history = await plainEnv()
      .client.workflow.getHandle(userWorkflowId(directoryId, created.body.id as string))
      .fetchHistory();
    expect(readable(history).join('\n')).toContain(email);
  });
});
