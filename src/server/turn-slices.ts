/**
 * Work that yields to the event loop's I/O between slices. Node (libuv since 1.45) accepts one new connection
 * per turn of the event loop, so a turn that parses, validates and hashes every request read in it (about a
 * millisecond per batch of 10 receipts) holds every connection waiting to be accepted for that long: under a
 * paced load the first request on a new connection waited hundreds of milliseconds behind turns of 10–20 ms,
 * while requests on open connections were answered in a few. Posts taken for parsing run here instead, in
 * slices of about {@link SLICE_MS}, each in a turn of its own, so a waiting connection is accepted (and every
 * readable socket read) between them.
 */

// Work per turn before the loop goes back to I/O: a few batches' parsing.
const SLICE_MS = 2;

const queue: Array<() => void> = [];
let draining = false;

function drain(): void {
  const started = performance.now();
  while (queue.length > 0) {
    (queue.shift() as () => void)();
    if (performance.now() - started >= SLICE_MS) break;
  }
  if (queue.length > 0) setImmediate(drain);
  else draining = false;
}

/** Run `work` in the next slice, in the order given; a throw of it rejects its own promise only. */
export function inSlices<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push(() => {
      try {
        work().then(resolve, reject);
      } catch (error) {
        reject(error);
      }
    });
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  });
}
