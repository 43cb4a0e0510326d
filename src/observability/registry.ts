import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process (not prom-client's global one): the embedded default puts the API's and
 * the worker's instruments in the same registry, and a test file can build several without names
 * colliding. It starts with prom-client's default process metrics (CPU, memory, event loop lag,
 * GC, handles).
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Seconds buckets for a call that may last up to the API's Temporal deadline (25 s by default)
 * or an IdP's patience (about 30 s): fine below 100 ms, where a healthy write sits.
 */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
