import { existsSync, readFileSync } from 'node:fs';

/** Self time per function of the library's files, mapped to their sources where a source map is beside them. */
export async function printProfile(
  profile: {
    nodes: Array<{
      id: number;
      children?: number[];
      callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    }>;
    samples: number[];
    timeDeltas: number[];
    startTime: number;
  },
  from: string,
  until: number,
) {
  const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping');
  const maps = new Map<string, InstanceType<typeof TraceMap> | null>();
  const mapFor = (url: string) => {
    const file = url.replace(/^https?:\/\/[^/]+\/lib\/[^/]+\//, 'dist/');
    if (!maps.has(file))
      maps.set(file, existsSync(`${file}.map`) ? new TraceMap(readFileSync(`${file}.map`, 'utf8')) : null);
    return maps.get(file);
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  /** Time by the library's source file nearest on the stack: a built-in (a cookie read, storage) counts for its caller. */
  const byFile = new Map<string, number>();
  const sourceOf = (frame: { url: string; lineNumber: number; columnNumber: number }) => {
    const map = frame.url.includes('/lib/') ? mapFor(frame.url) : undefined;
    if (!map) return undefined;
    const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    return pos.source ? { ...pos, source: pos.source.replace(/.*\/src\//, 'src/') } : undefined;
  };
  // Only from the first sample in `from` (a file's URL) until `until` (a trace timestamp, µs).
  let time = profile.startTime;
  let counting = false;
  profile.samples.forEach((id, i) => {
    time += profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    if (!counting && frame.url.includes(from)) counting = true;
    if (!counting || time > until) return;
    let where = frame.url ? frame.url.replace(/^https?:\/\/[^/]+/, '') : '';
    const pos = sourceOf(frame);
    if (pos) where = `${pos.source}:${pos.line} ${pos.name ?? ''}`;
    const key = `${frame.functionName || '(anonymous)'} ${where}`;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + ms);
    let at: number | undefined = id;
    while (at !== undefined) {
      const up = byId.get(at)?.callFrame;
      const source = up && sourceOf(up);
      if (source) {
        byFile.set(source.source, (byFile.get(source.source) ?? 0) + ms);
        break;
      }
      at = parent.get(at);
    }
  });
  console.log('by source file (built-ins counted for their caller):');
  for (const [file, ms] of [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${ms.toFixed(1).padStart(7)} ms  ${file}`);
  console.log('by function:');
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45))
    console.log(`${ms.toFixed(1).padStart(7)} ms  ${key}`);
}
