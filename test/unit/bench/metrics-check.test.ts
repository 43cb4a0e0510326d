import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clusterMetricsProblems, sumOf, type MetricsEndpoint } from '../../../scripts/bench/metrics-check';

const API_TEXT = [
  '# HELP dsync_http_requests_total HTTP requests',
  '# TYPE dsync_http_requests_total counter',
  'dsync_http_requests_total{method="GET",route="/scim/v2/Users",status="200"} 40',
  'dsync_http_requests_total{method="POST",route="/scim/v2/Users",status="201"} 2',
  'dsync_http_requests_total_other 99',
].join('\n');
const WORKER_TEXT = [
  '# TYPE dsync_changes_total counter',
  'dsync_changes_total{resource="user",kind="create",outcome="applied"} 7',
  'temporal_workflow_task_schedule_to_start_latency_count{task_queue="directory-sync"} 12',
].join('\n');

/** A real HTTP server answering each path with the given body (status 200) or status. */
async function serve(routes: Record<string, string | number>): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const route = Object.hasOwn(routes, request.url ?? '') ? routes[request.url!] : 404;
    if (typeof route === 'number') response.writeHead(route).end();
    else response.writeHead(200, { 'Content-Type': 'text/plain' }).end(route);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (path) => `http://127.0.0.1:${port}${path}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the cluster check of each process’s metrics', () => {
  it('sums one metric’s samples and nothing whose name merely starts the same', () => {
    expect(sumOf(API_TEXT, 'dsync_http_requests_total')).toBe(42);
    expect(sumOf(WORKER_TEXT, 'dsync_http_requests_total')).toBe(0);
  });

  it('finds nothing wrong when every process answers with its counts', async () => {
    const server = await serve({ '/api': API_TEXT, '/worker': WORKER_TEXT });
    try {
      const endpoints: MetricsEndpoint[] = [
        { name: 'api-1', role: 'api', url: server.url('/api') },
        { name: 'worker-1', role: 'worker', url: server.url('/worker') },
      ];
      expect(await clusterMetricsProblems(endpoints)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('names a process that does not answer, one without its counter or the SDK metrics, and a role that counted nothing', async () => {
    const server = await serve({
      '/api': API_TEXT,
      '/broken': 500,
      '/bare-worker': '# TYPE dsync_changes_total counter\n',
    });
    try {
      const endpoints: MetricsEndpoint[] = [
        { name: 'api-1', role: 'api', url: server.url('/api') },
        { name: 'api-2', role: 'api', url: server.url('/broken') },
        { name: 'worker-1', role: 'worker', url: server.url('/bare-worker') },
      ];
      expect(await clusterMetricsProblems(endpoints)).toEqual([
        'api-2 /metrics answered 500',
        "worker-1 exports none of the Temporal SDK's worker metrics",
        'no worker counted anything in dsync_changes_total',
      ]);
      const closed = { name: 'worker-2', role: 'worker' as const, url: 'http://127.0.0.1:1/metrics' };
      expect((await clusterMetricsProblems([closed]))[0]).toMatch(/^worker-2 \/metrics did not answer/);
    } finally {
      await server.close();
    }
  });
});
