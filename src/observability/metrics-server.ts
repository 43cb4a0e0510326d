import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** One block of Prometheus text: the process's registry, or the Temporal SDK's own exporter. */
export type MetricsSource = () => Promise<string>;

export function registrySource(registry: Registry): MetricsSource {
  return () => registry.metrics();
}

/** Prometheus text format 0.0.4, what prom-client writes and the SDK's exporter serves. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The request handler of the metrics listener: `GET /metrics` answers the sources' text, one
 * after the other (their metric names never overlap: dsync_, process_ and nodejs_ from
 * prom-client, temporal_ from the SDK), anything else 404. No body is read and nothing is
 * parsed: the listener does one thing.
 */
export function metricsHandler(sources: readonly MetricsSource[]): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: scrape /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    Promise.all(sources.map((source) => source()))
      .then((blocks) => {
        const text = blocks.map((block) => (block.endsWith('\n') || block === '' ? block : `${block}\n`)).join('');
        response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
        response.end(request.method === 'HEAD' ? undefined : text);
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(`Metrics collection failed: ${String(error)}\n`);
      });
  };
}

export interface MetricsServer {
  /** `http://host:port/metrics`, with the port actually bound (METRICS_PORT=0 picks one). */
  url: string;
  close(): Promise<void>;
}

/**
 * The process's metrics listener, on METRICS_HOST:METRICS_PORT: never the API's public port, so
 * the numbers are reachable only where the operator binds them (loopback by default; the pod or
 * compose network in production) and a scrape needs no secret.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  sources: readonly MetricsSource[];
}): Promise<MetricsServer> {
  const server = http.createServer(metricsHandler(options.sources));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
