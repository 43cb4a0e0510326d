import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './registry';

/** How one attempt to apply a change ended (src/temporal/change-observer.ts classifies). */
export type ChangeOutcome = 'applied' | 'rejected' | 'failed' | 'frozen';

/** The worker's instruments: every IdP or dashboard change an activity applied, or did not. */
export class WorkerMetrics {
  private readonly changes: Counter<'resource' | 'kind' | 'outcome'>;
  private readonly applyDuration: Histogram<'resource' | 'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.changes = new Counter({
      name: 'dsync_changes_total',
      help: 'Attempts to apply a change (user, group, member), by resource, command kind and outcome: applied, rejected (the caller sees a 4xx), failed (retried), frozen (directory disconnected)',
      labelNames: ['resource', 'kind', 'outcome'],
      registers,
    });
    this.applyDuration = new Histogram({
      name: 'dsync_change_apply_duration_seconds',
      help: "One attempt's activity, from its start to its transaction's end, by resource and outcome",
      labelNames: ['resource', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  changeSettled(labels: { resource: string; kind: string; outcome: ChangeOutcome }, seconds: number): void {
    this.changes.inc(labels);
    this.applyDuration.observe({ resource: labels.resource, outcome: labels.outcome }, seconds);
  }
}
