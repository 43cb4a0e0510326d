/** Renders rows as an aligned plain-text table (what a terminal shows best). */
export function table(rows: Array<Record<string, unknown>>, columns?: string[]): string {
  if (rows.length === 0) return '(none)';
  const keys = columns ?? Object.keys(rows[0]!);
  const cell = (value: unknown) => (value === null || value === undefined ? '-' : Array.isArray(value) ? value.join('; ') : String(value));
  const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => cell(row[key]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(keys), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(keys.map((key) => cell(row[key]))))].join('\n');
}

/** One record as `key  value` lines. */
export function record(value: Record<string, unknown>): string {
  return table(
    Object.entries(value).map(([field, v]) => ({
      field,
      value: typeof v === 'object' && v !== null && !Array.isArray(v) ? JSON.stringify(v) : v,
    })),
  );
}
