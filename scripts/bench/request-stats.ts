export interface LatencyFigure {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

function latencyFigures(latencies: Map<string, number[]>): Record<string, LatencyFigure> {
  const latency: Record<string, LatencyFigure> = {};
  for (const [type, values] of latencies) {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
    latency[type] = { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
  return latency;
}

/** Latency and status figures per request type, as the IdP saw them. */
export class RequestStats {
  private readonly latencies = new Map<string, number[]>();
  /** The phase requests are recorded under (`summaryOfPhase`), besides the whole run. */
  phase = '';
  private readonly phaseLatencies = new Map<string, Map<string, number[]>>();
  private readonly statuses = new Map<string, number>();
  /** Every answer the IdP retries (5xx, 429, a network error or timeout), with when it came. */
  private readonly retried: Array<{ at: number; key: string }> = [];
  private readonly refused = new Map<string, number>();

  /** Starts over (a phase's figures without the previous phase's requests of the same type). */
  clear(): void {
    this.latencies.clear();
    this.statuses.clear();
  }

  record(type: string, status: number | 'network', latencyMs: number): void {
    const key = `${type} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (status === 'network' || status >= 500 || status === 429) this.retried.push({ at: Date.now(), key });
    if (typeof status === 'number' && status < 500) {
      const list = this.latencies.get(type) ?? [];
      list.push(latencyMs);
      this.latencies.set(type, list);
      const phase = this.phaseLatencies.get(this.phase) ?? new Map<string, number[]>();
      this.phaseLatencies.set(this.phase, phase);
      const ofPhase = phase.get(type) ?? [];
      ofPhase.push(latencyMs);
      phase.set(type, ofPhase);
    }
  }

  /** Latency per request type of the requests recorded while `phase` was set to this name. */
  summaryOfPhase(name: string): Record<string, LatencyFigure> {
    return latencyFigures(this.phaseLatencies.get(name) ?? new Map());
  }

  summary(): { latency: Record<string, LatencyFigure>; statuses: Record<string, number> } {
    return { latency: latencyFigures(this.latencies), statuses: Object.fromEntries([...this.statuses].sort()) };
  }

  /**
   * A request the IdP gave up on: an answer it does not expect and would not retry (a 4xx other
   * than its protocol's 409 on create), or retries exhausted. The operation is dropped from the
   * model, as an IdP would report it failed, and the run goes on so the verdict can count it.
   */
  recordGiveUp(type: string, outcome: number | 'retries exhausted'): void {
    const key = `${type} ${outcome}`;
    this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
  }

  nonRetryableErrors(): Record<string, number> {
    return Object.fromEntries([...this.refused].sort());
  }

  /** The retried answers that came in [from, to), by request type and status. */
  retriedBetween(from: number, to: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { at, key } of this.retried) if (at >= from && at < to) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }
}

/** Runs `work` over the items with at most `concurrency` in flight. */
export async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
