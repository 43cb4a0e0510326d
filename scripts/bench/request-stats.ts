/** Latency and status figures per request type, as the IdP saw them. */
export class RequestStats {
  private readonly latencies = new Map<string, number[]>();
  private readonly statuses = new Map<string, number>();

  /** Starts over (a phase's figures without the previous phase's requests of the same type). */
  clear(): void {
    this.latencies.clear();
    this.statuses.clear();
  }

  record(type: string, status: number | 'network', latencyMs: number): void {
    const key = `${type} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (typeof status === 'number' && status < 500) {
      const list = this.latencies.get(type) ?? [];
      list.push(latencyMs);
      this.latencies.set(type, list);
    }
  }

  summary(): { latency: Record<string, { count: number; p50: number; p95: number; p99: number }>; statuses: Record<string, number> } {
    const latency: Record<string, { count: number; p50: number; p95: number; p99: number }> = {};
    for (const [type, values] of this.latencies) {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
      latency[type] = { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
    }
    return { latency, statuses: Object.fromEntries([...this.statuses].sort()) };
  }

  /** Responses the IdP would not retry and that are not part of its protocol (409 on create is). */
  nonRetryableErrors(): Record<string, number> {
    return Object.fromEntries([...this.statuses].filter(([key]) => /\s4\d\d$/.test(key) && !/^(create|group-create) 409$/.test(key)));
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
