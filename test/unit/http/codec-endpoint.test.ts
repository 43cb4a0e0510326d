import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import Koa from 'koa';
import request from 'supertest';
import { codecRouter } from '../../../src/http/codec/codec-endpoint';
import { renderPayloads } from '../../../src/http/codec/payload-json';
import { errorHandler } from '../../../src/http/error-handler';
import { createLogger } from '../../../src/infra/logger';
import { EncryptionCodec } from '../../../src/temporal/payloads/encryption-codec';

const ADMIN_TOKEN = 'admin-token-for-codec-tests';
const UI = 'http://127.0.0.1:8080';
const codec = new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]);

function app() {
  const koa = new Koa();
  koa.use(errorHandler(createLogger('error')));
  koa.use(codecRouter({ codec, adminToken: ADMIN_TOKEN, temporalUiUrl: `${UI}/namespaces` }).routes());
  return request(koa.callback());
}
const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const body = (values: unknown[]) => renderPayloads(values.map((v) => defaultPayloadConverter.toPayload(v)));

describe('codec endpoint', () => {
  it('encodes and decodes in Temporal codec-server JSON', async () => {
    const encoded = await app()
      .post('/codec/encode')
      .set(auth)
      .send(body([{ email: 'jane@example.com' }, 7]))
      .expect(200);
    expect(encoded.body.payloads).toHaveLength(2);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.body.payloads[0].data, 'base64').toString('latin1')).not.toContain('jane');

    const decoded = await app().post('/codec/decode').set(auth).set('X-Namespace', 'default').send(encoded.body).expect(200);
    expect(decoded.body).toEqual(body([{ email: 'jane@example.com' }, 7]));
  });

  it('passes plain payloads through decode', async () => {
    const plain = body(['not encrypted']);
    expect((await app().post('/codec/decode').set(auth).send(plain).expect(200)).body).toEqual(plain);
  });

  it('takes only the admin token, and checks it before reading the body', async () => {
    await app()
      .post('/codec/decode')
      .send(body([1]))
      .expect(401);
    await app()
      .post('/codec/decode')
      .set('Authorization', 'Bearer wrong-token-wrong-token')
      .send(body([1]))
      .expect(401);
    // An unauthenticated malformed body is refused for the token, not parsed.
    const refused = await app().post('/codec/decode').set('Content-Type', 'application/json').send('{"payloads": [').expect(401);
    expect(refused.body.error.code).toBe('unauthorized');
  });

  it('is bounded and refuses malformed payloads', async () => {
    const many = { payloads: Array.from({ length: 1001 }, () => ({ data: '' })) };
    await app().post('/codec/decode').set(auth).send(many).expect(413);
    await app().post('/codec/decode').set(auth).send({ payloads: 'x' }).expect(400);
    await app()
      .post('/codec/decode')
      .set(auth)
      .send({ payloads: [{ data: 'not base64!' }] })
      .expect(400);
    await app()
      .post('/codec/decode')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"payloads":[{"metadata":{"__proto__":"eA=="}}]}')
      .expect(400);
    await app().post('/codec/decode').set(auth).set('Content-Type', 'text/plain').send('x').expect(415);
    await app().get('/codec/decode').set(auth).expect(405);
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('answers an undecryptable payload with 400 naming the key id', async () => {
    const [foreign] = await new EncryptionCodec([{ id: 'old', key: randomBytes(32) }]).encode([defaultPayloadConverter.toPayload(1)]);
    const response = await app()
      .post('/codec/decode')
      .set(auth)
      .send(renderPayloads([foreign!]))
      .expect(400);
    expect(response.body.error.message).toMatch(/key id "old"/);
  });

  it('allows the Temporal UI origin, and only it, from a browser', async () => {
    const preflight = await app()
      .options('/codec/decode')
      .set('Origin', UI)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace')
      .expect(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': UI,
      'access-control-allow-methods': 'POST',
      'access-control-allow-credentials': 'true',
    });
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization.*X-Namespace/);
    // Errors carry the header too, so the UI can tell a 401 from a network failure.
    const denied = await app()
      .post('/codec/decode')
      .set('Origin', UI)
      .send(body([1]))
      .expect(401);
    expect(denied.headers['access-control-allow-origin']).toBe(UI);

    const other = await app().options('/codec/decode').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
