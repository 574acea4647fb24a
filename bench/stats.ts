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

/** One frame at 60 Hz, the rate headless Chromium runs animation frames at. */
export const FRAME_MS = 1000 / 60;

export const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
export const bytes = (n: number) => (n < 1000 ? `${Math.round(n)} B` : `${(n / 1000).toFixed(1)} kB`);
export const shift = (n: number) => n.toFixed(3);

/** A markdown table; every row must have as many cells as the header; the first `textColumns` hold text. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, textColumns = 1): string {
  // Text columns align left, figures right.
  const align = header.map((_, i) => (i < textColumns ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** One table whose columns are metrics: per column, each row's median. */
export function metricTable<T>(
  rows: ReadonlyArray<{ label: string; samples: readonly T[] }>,
  columns: ReadonlyArray<{ title: string; pick: (sample: T) => number; format: (n: number) => string }>,
): string {
  return table(
    ['library', ...columns.map((column) => column.title)],
    rows.map((row) => [row.label, ...columns.map((column) => column.format(median(row.samples.map(column.pick))))]),
  );
}
