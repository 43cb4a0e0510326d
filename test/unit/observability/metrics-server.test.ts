import { Counter, Registry } from 'prom-client';
import request from 'supertest';
import { metricsHandler, registrySource } from '../../../src/observability/metrics-server';
import { parseScrape } from '../../support/prometheus-text';

function registryWithOne(): Registry {
  const registry = new Registry();
  new Counter({ name: 'dsync_example_total', help: 'an example', registers: [registry] }).inc(2);
  return registry;
}

describe('the metrics listener', () => {
  it('answers GET /metrics with every source, one after the other, as Prometheus text', async () => {
    const sdk = async () => '# TYPE temporal_worker_start counter\ntemporal_worker_start{task_queue="q"} 1';
    const answer = await request(metricsHandler([registrySource(registryWithOne()), sdk]))
      .get('/metrics')
      .expect(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const scrape = parseScrape(answer.text);
    expect(scrape.get('dsync_example_total')).toBe(2);
    expect(scrape.get('temporal_worker_start{task_queue="q"}')).toBe(1);
    expect(answer.text.endsWith('\n')).toBe(true);
  });

  it('serves nothing else', async () => {
    const handler = metricsHandler([registrySource(registryWithOne())]);
    await request(handler).get('/').expect(404);
    await request(handler).get('/scim/v2/Users').expect(404);
    await request(handler).post('/metrics').send('x').expect(405);
    await request(handler).get('/metrics?debug=1').expect(200);
  });

  it('answers 500 when a source fails, naming no more than the error', async () => {
    const failing = async () => {
      throw new Error('collect failed');
    };
    const answer = await request(metricsHandler([failing]))
      .get('/metrics')
      .expect(500);
    expect(answer.text).toContain('collect failed');
  });
});
