import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioResult } from './scenario';

/** Prints the figures as a table and writes them as JSON under bench-results/. */
export function report(name: string, result: ScenarioResult): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  out(
    `\n${name} (${result.options.layout ?? 'dev'} layout): ${result.options.users} users, ${result.options.groups} groups, ${result.options.concurrency} concurrent (${result.machine.cpus} cores, ${result.machine.memoryGiB} GiB, Node ${result.machine.node})`,
  );
  out('\nphase                                          ops      s     ops/s');
  for (const p of result.phases)
    out(
      `${p.phase.padEnd(44)} ${String(p.requests).padStart(6)} ${p.seconds.toFixed(1).padStart(6)} ${p.perSecond.toFixed(1).padStart(9)}`,
    );
  out('\nrequest type      count     p50 ms   p95 ms   p99 ms');
  for (const [type, l] of Object.entries(result.latency)) {
    out(
      `${type.padEnd(16)} ${String(l.count).padStart(6)} ${l.p50.toFixed(1).padStart(10)} ${l.p95.toFixed(1).padStart(8)} ${l.p99.toFixed(1).padStart(8)}`,
    );
  }
  out('\nduring the group push only:');
  for (const [type, l] of Object.entries(result.groupPushLatency)) {
    out(
      `${type.padEnd(16)} ${String(l.count).padStart(6)} ${l.p50.toFixed(1).padStart(10)} ${l.p95.toFixed(1).padStart(8)} ${l.p99.toFixed(1).padStart(8)}`,
    );
  }
  out(
    `\nresponses: ${Object.entries(result.statuses)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}`,
  );
  out(`non-retryable errors: ${JSON.stringify(result.nonRetryableErrors)}`);
  out(`convergence after the last request: ${result.convergenceSeconds === null ? 'NOT CONVERGED' : `${result.convergenceSeconds} s`}`);
  out(`peak RSS: api ${result.peakRssMiB.api} MiB, worker ${result.peakRssMiB.worker} MiB`);
  out(
    `history length: provisionUser max ${result.historyLength.provisionUserMax}, mean ${result.historyLength.provisionUserMean}; provisionGroup max ${result.historyLength.provisionGroupMax}`,
  );
  if (result.ceilings) {
    const c = result.ceilings;
    out(
      `engine ceiling (update-with-start, no-op workflow): ${c.engineUpdatesPerSecond}/s, p50 ${c.engineLatencyMs.p50} ms, p99 ${c.engineLatencyMs.p99} ms`,
    );
    out(`database ceiling (single-row upsert): ${c.databaseUpsertsPerSecond}/s`);
    out(
      `user creates vs engine ceiling: ${(c.createsVsEngine * 100).toFixed(0)}%; vs database ceiling: ${(c.createsVsDatabase * 100).toFixed(1)}%`,
    );
  }
  for (const f of result.faults) {
    const felt = Object.entries(f.felt)
      .map(([key, count]) => `${key}: ${count}`)
      .join(', ');
    out(`fault: ${f.fault} during ${f.phase} at operation ${f.atOperation}, ${f.outageMs} ms out; felt as ${felt || 'NOTHING'}`);
  }
  out(
    `verdict: ${result.verdict.passed ? 'the database equals the IdP model (members, emails, access, memberships, roles)' : `FAILED: ${result.verdict.problems.join(' | ')}`}`,
  );
  if (result.verdict.passed && result.faults.length) out('every fault was felt by the IdP (retried) and nothing was lost or duplicated');

  const dir = path.resolve(__dirname, '../../bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  out(`figures written to ${path.relative(process.cwd(), file)}`);
  return lines.join('\n');
}

/** One table of the variants run in one invocation: the group push's write latencies and the verdicts. */
export function compareVariants(results: ScenarioResult[]): string {
  const lines = ['\nvariants compared (same invocation, run one after the other):'];
  lines.push('variant  type             count   p50 ms   p95 ms   p99 ms   converged after');
  for (const result of results) {
    for (const [type, l] of Object.entries(result.groupPushLatency)) {
      if (type === 'lookup') continue;
      lines.push(
        `${(result.variant ?? '-').padEnd(8)} ${type.padEnd(16)} ${String(l.count).padStart(5)} ${l.p50.toFixed(0).padStart(8)} ${l.p95.toFixed(0).padStart(8)} ${l.p99.toFixed(0).padStart(8)}   ${result.convergenceSeconds === null ? 'NOT CONVERGED' : `${result.convergenceSeconds} s`}${result.verdict.passed ? '' : ' (verdict FAILED)'}`,
      );
    }
  }
  return lines.join('\n');
}
