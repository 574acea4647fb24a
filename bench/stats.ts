/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('bench: median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The value below which `p` of the values fall (nearest rank). */
export function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

/** A cell: the value, and its ratio to the best (lowest) value in its column when that ratio means something. */
export function withRatio(value: number, best: number, format: (n: number) => string): string {
  if (best > 0) return `${format(value)} (×${(value / best).toFixed(1)})`;
  return format(value);
}

export const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
export const bytes = (n: number) => (n < 1024 ? `${Math.round(n)} B` : `${(n / 1024).toFixed(1)} KiB`);
export const shift = (n: number) => n.toFixed(3);

/** A markdown table; every row must have as many cells as the header. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * One table whose columns are metrics: per column, each row's median and its ratio to the lowest median in that
 * column (lower is better for every metric here).
 */
export function metricTable<T>(
  rows: ReadonlyArray<{ label: string; samples: readonly T[] }>,
  columns: ReadonlyArray<{ title: string; pick: (sample: T) => number; format: (n: number) => string }>,
): string {
  const medians = rows.map((row) => columns.map((column) => median(row.samples.map(column.pick))));
  const best = columns.map((_, c) => Math.min(...medians.map((m) => m[c] as number)));
  return table(
    ['library', ...columns.map((column) => column.title)],
    rows.map((row, r) => [
      row.label,
      ...columns.map((column, c) => withRatio(medians[r]?.[c] as number, best[c] as number, column.format)),
    ]),
  );
}
