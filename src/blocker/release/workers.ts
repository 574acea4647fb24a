/**
 * Starting a worker held back until consent (../workers.ts): the real worker is constructed with the page's own
 * arguments, the messages that waited in the channel reach it in order, and what it sends and its errors are
 * dispatched on the stand-in the page holds; a SharedWorker's port is joined to the channel's other end, which
 * is the stand-in's `port`.
 */
import type { HeldWorker } from '../workers.js';

/** Fires a copy of the real worker's event on the stand-in; a listener's `preventDefault` goes back. */
const relay = (from: EventTarget, to: EventTarget, type: string) =>
  from.addEventListener(type, (event) => {
    const Copy = event.constructor as new (type: string, init: Event) => Event;
    if (!to.dispatchEvent(new Copy(type, event))) event.preventDefault();
  });

/** Starts the real worker once; nothing if the page terminated it meanwhile. */
export function startWorker(held: HeldWorker): void {
  if (held.ended || held.real) return;
  const real = Reflect.construct(held.native, held.args) as Worker & SharedWorker;
  held.real = real;
  const to: Worker | MessagePort = real.port ?? real;
  // Setting onmessage starts the port: what waited in it is delivered now, in order.
  held.port.onmessage = (event) => to.postMessage(event.data, [...event.ports]);
  if (real.port) real.port.onmessage = (event) => held.port.postMessage(event.data, [...event.ports]);
  for (const type of held.types) relay(real, held.stand, type);
}
