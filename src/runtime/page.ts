/**
 * The runtime's start on a page the critical loader booted: it builds the instance on the loader's kernel, puts
 * the DOM events in place, hands the stub's queue and subscriptions over, and only then the blocker's reports
 * made while it loaded, so a page listening from the start hears every one.
 */
import type { Kernel, PageParts, SamtykkeInternal, Stub } from '../loader/index.js';
import type { SamtykkeEventName } from '../types.js';
import { type DecideSource, startRuntime } from './start-runtime.js';

const EVENTS: readonly SamtykkeEventName[] = [
  'change',
  'show',
  'hide',
  'receipt',
  'delivered',
  'deliveryFailed',
  'blocked',
  'released',
  'refused',
];

export function startPage(kernel: Kernel, parts: PageParts, stub: Stub, decide: DecideSource): SamtykkeInternal {
  const doc = kernel.document;
  const instance = startRuntime(kernel, {
    document: doc,
    window: kernel.window,
    loadBanner: parts.loadBanner,
    loadUi: parts.loadUi,
    loadLedger: parts.loadLedger,
    decide,
  });
  // Pages without a bundler listen for DOM events: `document.addEventListener('samtykke:change', …)`.
  for (const name of EVENTS) {
    instance.on(name, (detail) =>
      doc.dispatchEvent(new (doc.defaultView ?? window).CustomEvent(`samtykke:${name}`, { detail })),
    );
  }
  reportErrors(instance, doc);
  stub.hand(instance);
  kernel.flush();
  return instance;
}

/**
 * The forwarder of `error` to a DOM event is itself a listener, so the emitter would never print: here an error
 * goes to the console unless page code subscribed through `Samtykke.on('error')` or called `preventDefault()` on
 * the (cancelable) `samtykke:error` DOM event. An owner must learn that the UI file 404s or no receipts are made.
 */
function reportErrors(instance: SamtykkeInternal, doc: Document): void {
  let listening = 0;
  const on = instance.on;
  instance.on = (event, handler) => {
    const off = on(event, handler);
    if (event !== 'error') return off;
    listening++;
    let subscribed = true;
    return () => {
      if (subscribed) listening--;
      subscribed = false;
      off();
    };
  };
  on('error', (detail) => {
    const event = new (doc.defaultView ?? window).CustomEvent('samtykke:error', { detail, cancelable: true });
    doc.dispatchEvent(event);
    if (!listening && !event.defaultPrevented) console.error(`samtykke (${detail.context}):`, detail.error);
  });
}
