/**
 * The production layout's metrics after a run (`npm run cluster:check`): every API and worker
 * answers its /metrics, the APIs counted the IdP's requests, the workers counted the changes they
 * applied, and each worker exports the Temporal SDK's own metrics beside ours. A process restarted
 * by the chaos plan starts its counters at zero, so the counts are checked per role, not per process.
 */
import { parseScrape } from '../../test/support/prometheus-text';

export interface MetricsEndpoint {
  name: string;
  role: 'api' | 'worker';
  url: string;
}

const COUNTED: Record<MetricsEndpoint['role'], string> = { api: 'dsync_http_requests_total', worker: 'dsync_changes_total' };

/** The sum of one metric's samples in a Prometheus text exposition. */
export function sumOf(text: string, metric: string): number {
  let sum = 0;
  for (const [key, value] of parseScrape(text)) {
    if ((key === metric || key.startsWith(`${metric}{`)) && Number.isFinite(value)) sum += value;
  }
  return sum;
}

export async function clusterMetricsProblems(endpoints: readonly MetricsEndpoint[]): Promise<string[]> {
  const problems: string[] = [];
  const totals = { api: 0, worker: 0 };
  for (const endpoint of endpoints) {
    let text: string;
    try {
      const response = await fetch(endpoint.url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) {
        problems.push(`${endpoint.name} /metrics answered ${response.status}`);
        continue;
      }
      text = await response.text();
    } catch (error) {
      problems.push(`${endpoint.name} /metrics did not answer: ${(error as Error).message}`);
      continue;
    }
    if (!text.includes(`# TYPE ${COUNTED[endpoint.role]} counter`)) problems.push(`${endpoint.name} exports no ${COUNTED[endpoint.role]}`);
    if (endpoint.role === 'worker' && !/^temporal_workflow_task_schedule_to_start_latency/m.test(text)) {
      problems.push(`${endpoint.name} exports none of the Temporal SDK's worker metrics`);
    }
    totals[endpoint.role] += sumOf(text, COUNTED[endpoint.role]);
  }
  for (const role of ['api', 'worker'] as const) {
    if (endpoints.some((endpoint) => endpoint.role === role) && totals[role] === 0) {
      problems.push(`no ${role} counted anything in ${COUNTED[role]}`);
    }
  }
  return problems;
}
