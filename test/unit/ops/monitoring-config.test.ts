import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createProcessMetrics } from '../../../src/bootstrap/metrics';
import { createDatabase } from '../../../src/db/database';
import { SDK_METRICS_USED } from '../../support/sdk-metrics';

/**
 * deploy/prometheus (alert rules, scrape config) and deploy/grafana (the dashboard) read only
 * metrics the service really exports, and promtool accepts them and their unit tests.
 */
const ROOT = path.resolve(__dirname, '../../..');
const PROMETHEUS = path.join(ROOT, 'deploy/prometheus');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string; runbook: string };
}
const rules = (parse(fs.readFileSync(path.join(PROMETHEUS, 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap(
  (group) => group.rules,
);
const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/grafana/directory-sync.json'), 'utf8')) as {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
};
const dashboardExprs = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
);

/** Every metric name this service's processes expose, from the same registries the entry points build. */
function exportedNames(): Set<string> {
  // Never connected: the gauges read their pools only when scraped.
  const unused = createDatabase({ url: 'postgres://unused@127.0.0.1:1/unused', poolMax: 1 });
  const { registry } = createProcessMetrics({ api: unused, worker: unused });
  void unused.destroy();
  const names = new Set<string>(['up']);
  for (const metric of registry.getMetricsAsArray()) {
    names.add(metric.name);
    for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
  }
  for (const { name } of SDK_METRICS_USED) for (const suffix of ['', '_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  return names;
}

/** Metric names in a PromQL expression: identifiers outside label matchers, strings and function calls. */
function metricNames(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '').replace(/"[^"]*"/g, '');
  const names = withoutLabels.match(/\b(?:dsync|temporal|process|nodejs)_[a-z0-9_]+\b|\bup\b/g) ?? [];
  return [...new Set(names)];
}

describe('alert rules (deploy/prometheus/alerts.yml)', () => {
  const names = exportedNames();

  it('cover the required conditions, each with a severity and a runbook entry that exists', () => {
    const runbook = fs.readFileSync(path.join(ROOT, 'docs/runbook.md'), 'utf8');
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'DsyncHighServerErrorRatio',
        'DsyncChangesFailing',
        'DsyncRoleOutboxNotDraining',
        'DsyncWorkflowTasksStuck',
        'DsyncWorkerGone',
      ]),
    );
    for (const rule of rules) {
      expect(['page', 'ticket']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      const anchor = rule.annotations.runbook.split('#')[1]!;
      expect(anchor).toBe(rule.alert.toLowerCase());
      // The runbook has a heading named after the alert (GitHub's anchor is its lower-cased name).
      expect(runbook).toMatch(new RegExp(`^#+ ${rule.alert}$`, 'm'));
    }
  });

  it.each(rules.map((rule) => [rule.alert, rule.expr] as const))('%s reads only exported metrics', (_alert, expr) => {
    const used = metricNames(expr);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect({ name, exported: names.has(name) }).toEqual({ name, exported: true });
  });
});

describe('the Grafana dashboard (deploy/grafana/directory-sync.json)', () => {
  const names = exportedNames();

  it('has the panels an operator needs', () => {
    const titles = dashboard.panels.map((panel) => panel.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Request rate by route',
        'p99 latency by route',
        '5xx rate by route and status',
        '429 rate by route (rate limited)',
        'Change outcomes',
        'Role outbox depth',
        'Update-with-start latency (API → workflow applied)',
        'Worker slots available',
      ]),
    );
  });

  it.each(dashboardExprs.map(({ panel, expr }) => [panel, expr] as const))('%s reads only exported metrics: %s', (_panel, expr) => {
    for (const name of metricNames(expr)) expect({ name, exported: names.has(name) }).toEqual({ name, exported: true });
  });
});

describe('promtool', () => {
  let promtool: string;
  beforeAll(() => {
    // Cached under .tools/promtool after the first build (about 9 minutes on this 2-core machine,
    // seconds with Go's build cache warm); see scripts/ensure-promtool.sh.
    const output = execFileSync('bash', [path.join(ROOT, 'scripts/ensure-promtool.sh')], { encoding: 'utf8', timeout: 20 * 60_000 });
    promtool = /^PROMTOOL_BIN=(.+)$/m.exec(output)![1]!;
  }, 20 * 60_000);

  const run = (...args: string[]) => execFileSync(promtool, args, { cwd: PROMETHEUS, encoding: 'utf8' });

  it('accepts the rules', () => {
    expect(run('check', 'rules', 'alerts.yml')).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('passes the rules unit tests (each alert fires on its condition and not on a near miss)', () => {
    expect(run('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
  });

  it('accepts the scrape configuration', () => {
    expect(run('check', 'config', 'prometheus.yml')).toContain('is valid prometheus config file syntax');
  });
});
