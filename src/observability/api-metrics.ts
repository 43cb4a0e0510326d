import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayCallOutcome, GatewayObserver } from '../temporal/client/gateway';
import { LATENCY_BUCKETS } from './registry';

/**
 * The API's instruments. Labels are bounded by construction: `route` is a pattern or `unmatched`
 * (src/http/route-label.ts), `method` a standard method or OTHER, `status` a three-digit code;
 * no tenant id, email or path ever becomes a label value (cardinality and privacy: per-tenant
 * numbers are in the events feed and the directory status).
 */
export class ApiMetrics implements GatewayObserver {
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly temporalUpdateDuration: Histogram<'outcome'>;
  private readonly temporalUnavailable: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.httpRequests = new Counter({
      name: 'dsync_http_requests_total',
      help: 'HTTP requests answered by the API, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'dsync_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to its answer, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.temporalUpdateDuration = new Histogram({
      name: 'dsync_temporal_update_duration_seconds',
      help: "The API's update-with-start calls to Temporal (one per SCIM write), until the workflow applied the change, by outcome",
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.temporalUnavailable = new Counter({
      name: 'dsync_temporal_unavailable_total',
      help: 'Calls to Temporal that ended as a 503 for the caller (unreachable, too slow, or the change not confirmed in time)',
      registers,
    });
  }

  /** Records a finished HTTP request (labels already bounded by the caller). */
  requestFinished(labels: { method: string; route: string; status: number }, seconds: number): void {
    const values = { method: labels.method, route: labels.route, status: String(labels.status) };
    this.httpRequests.inc(values);
    this.httpDuration.observe(values, seconds);
  }

  callSettled(call: 'update' | 'execute' | 'signal', outcome: GatewayCallOutcome, seconds: number): void {
    if (call === 'update') this.temporalUpdateDuration.observe({ outcome }, seconds);
    if (outcome === 'unavailable') this.temporalUnavailable.inc();
  }
}
