/**
 * Network side channels trackers use once their code runs or from page code: `fetch`, `XMLHttpRequest`,
 * `navigator.sendBeacon`, `WebSocket` and `EventSource`. Requests to hosts that are not allowed are dropped
 * with the same outcome as a network failure; nothing is queued, so data collected before consent is never
 * sent later.
 */
import { patch, patchMethod, type Restore } from './patch.js';

// A blob: URL that is not in the blob URL store fails as a network error without touching the network, so a
// blocked XHR ends exactly like an offline one (readyState 4, status 0, `error` event; sync XHR throws).
const NOWHERE = 'blob:null/samtykke-blocked';

/** Installs the network patches; `blocked(url, kind)` decides and reports. */
export function patchNetwork(
  win: Window & typeof globalThis,
  blocked: (url: string, kind: string) => boolean,
  restores: Restore[],
): void {
  restores.push(
    patchMethod<typeof fetch>(
      win,
      'fetch',
      (original) =>
        function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
          const url = typeof input === 'string' ? input : 'href' in input ? input.href : input.url;
          if (blocked(url, 'fetch')) return Promise.reject(new TypeError('Failed to fetch'));
          // fetch must be called on the window (or undefined), whatever `this` the page used.
          return original.call(win, input, init);
        },
    ),
    patchMethod<(this: XMLHttpRequest, ...args: unknown[]) => void>(
      win.XMLHttpRequest.prototype,
      'open',
      (original) =>
        function (this: XMLHttpRequest, ...args: unknown[]) {
          // Passed on as given: `open(m, url)` and `open(m, url, undefined)` differ (the latter is synchronous).
          if (blocked(String(args[1]), 'xhr')) args[1] = NOWHERE;
          original.apply(this, args);
        },
    ),
    patchMethod<(this: Navigator, url: string | URL, data?: BodyInit | null) => boolean>(
      win.Navigator.prototype,
      'sendBeacon',
      (original) =>
        function (this: Navigator, url: string | URL, data?: BodyInit | null) {
          return blocked(String(url), 'beacon') ? false : original.call(this, url, data);
        },
    ),
    patchConstructor(win, 'WebSocket', (args) => {
      // ws: and wss: are http: and https: for the rules; a relative URL resolves like the constructor does.
      const url = String(args[0]).replace(/^ws(s?):/i, 'http$1:');
      // What the constructor threw before Fetch-based WebSockets when a policy refused the URL.
      if (blocked(url, 'websocket')) throw new DOMException(`Refused to connect to '${args[0]}'`, 'SecurityError');
    }),
    // Like XHR above: a stream that fails at once (readyState CLOSED, `error`), with nothing sent.
    patchConstructor(win, 'EventSource', (args) => {
      if (blocked(String(args[0]), 'eventsource')) args[0] = NOWHERE;
    }),
  );
}

/** Constructs a stand-in instead of the native object, or returns nothing to let the native one be made. */
export type ConstructCheck = (
  args: unknown[],
  newTarget: new (...args: never[]) => unknown,
  native: new (...args: unknown[]) => object,
) => unknown;

/**
 * Checks (and may rewrite or refuse) a constructor's arguments, or hands back a stand-in. The constructor stays
 * the native behind a Proxy, so `instanceof`, statics and subclasses keep working.
 */
export function patchConstructor(win: object, key: string, check: ConstructCheck): Restore {
  return patch(win, key, (original) =>
    typeof original.value !== 'function'
      ? original
      : {
          value: new Proxy(original.value as new (...args: unknown[]) => object, {
            construct(target, args: unknown[], newTarget) {
              return (
                (check(args, newTarget as new (...args: never[]) => unknown, target) as object | undefined) ??
                Reflect.construct(target, args, newTarget)
              );
            },
          }),
          writable: true,
        },
  );
}
