/** One event of a Chrome trace (the Trace Event Format's JSON), as the trace readers here use it. */
export interface TraceEvent {
  name: string;
  cat: string;
  /** The phase: `X` a complete event with `dur`, `B`/`E` its begin and end, `I` an instant. */
  ph: string;
  pid: number;
  tid: number;
  /** Microseconds on the trace's clock. */
  ts: number;
  dur?: number;
  /** Thread (CPU) time, where the trace records it. */
  tdur?: number;
  args?: { data?: { url?: string; [key: string]: unknown }; name?: string };
}
