import type { MetricsSource } from './metrics-server';

/**
 * The Temporal SDK's own worker metrics (slots, pollers, schedule-to-start latency, sticky cache,
 * task failures): the SDK's Rust core serves them in Prometheus format on an internal loopback
 * address (Runtime.install, src/infra/temporal-runtime.ts), and the process's /metrics appends
 * that text, so an operator scrapes one target per process. A core that does not answer within
 * the timeout costs the scrape its temporal_ series, not the service's own.
 */
export function sdkMetricsSource(bindAddress: string, timeoutMs = 2000): MetricsSource {
  return async () => {
    try {
      const response = await fetch(`http://${bindAddress}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) return `# temporal SDK metrics unavailable: HTTP ${response.status}\n`;
      return await response.text();
    } catch (error) {
      return `# temporal SDK metrics unavailable: ${(error as Error).name}\n`;
    }
  };
}
