/**
 * Reads Prometheus text format (what GET /metrics answers) into series → value, for tests that
 * compare scrapes: `series('dsync_http_requests_total', {method: 'GET', ...})` as exposed.
 */
export type Scrape = ReadonlyMap<string, number>;

export function parseScrape(text: string): Scrape {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    series.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return series;
}

/** The series key as prom-client writes it: labels in the order given. */
export function series(name: string, labels: Record<string, string> = {}): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? name : `${name}{${entries.map(([key, value]) => `${key}="${value}"`).join(',')}}`;
}

/** How much a series moved between two scrapes (absent counts as 0). */
export function delta(before: Scrape, after: Scrape, key: string): number {
  return (after.get(key) ?? 0) - (before.get(key) ?? 0);
}

/** Every value a label takes across the series of one metric. */
export function labelValues(scrape: Scrape, name: string, label: string): Set<string> {
  const values = new Set<string>();
  const pattern = new RegExp(`(?:^|[{,])${label}="([^"]*)"`);
  for (const key of scrape.keys()) {
    if (!key.startsWith(`${name}{`)) continue;
    const match = pattern.exec(key.slice(name.length));
    if (match) values.add(match[1]!);
  }
  return values;
}
