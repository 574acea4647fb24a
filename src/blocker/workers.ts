/**
 * Workers. `new Worker(url)` and `new SharedWorker(url)` fetch their script when constructed, and the
 * constructor must hand back an object at once, so a worker whose script a rule holds gets a stand-in: an
 * EventTarget of the page's `Worker` / `SharedWorker` class (`instanceof` holds) with its own `on…` handlers,
 * `postMessage` and `terminate` (a SharedWorker: its `port`), which requests nothing. What the page posts
 * meanwhile waits in a MessageChannel, whose receiving port keeps messages queued until it is started. On
 * consent the release code constructs the real worker (release/workers.ts). A worker the page terminated
 * before consent never starts.
 *
 * Browsers start a worker only from a same-origin script (or a blob:/data: URL), so what a rule catches here is
 * the site's own URL that a rule names (a tracker served from the site, or through a CNAME). Whatever a running
 * worker does — its `fetch`, `importScripts`, `import()` — happens in a realm the page cannot reach: that is for
 * the Content-Security-Policy the worker script is served with (blob: and data: workers inherit the page's);
 * see docs/blocking.md.
 */
import { patchConstructor } from './network.js';
import type { Restore } from './patch.js';
import type { RuleMatch } from './rules.js';

type Realm = Window & typeof globalThis;

/** A worker held back, with what it takes to start the real one. */
export interface HeldWorker {
  url: string;
  kind: string;
  match: RuleMatch;
  /** The page's constructor and arguments (a `TrustedScriptURL` stays the page's). */
  native: new (
    ...args: unknown[]
  ) => object;
  args: unknown[];
  /** The object the page holds, and the events it relays from the real worker. */
  stand: EventTarget;
  types: string[];
  /** The channel's end where the page's messages wait. */
  port: MessagePort;
  /** The page terminated it. */
  ended?: boolean;
  real?: Worker & SharedWorker;
}

/** `on<type>` on the stand-in, like a real event handler attribute. */
const handler = (target: EventTarget, type: string) => {
  let current: EventListener | null = null;
  Object.defineProperty(target, `on${type}`, {
    get: () => current,
    set(value: unknown) {
      if (current) target.removeEventListener(type, current);
      current = typeof value === 'function' ? (value as EventListener) : null;
      if (current) target.addEventListener(type, current);
    },
  });
};

/** Patches `Worker` and `SharedWorker` of `win`; `check` holds (and reports), `hold` gets each held worker. */
export function patchWorkers(
  win: Realm,
  check: (url: string, kind: string) => RuleMatch | undefined,
  hold: (held: HeldWorker) => void,
  restores: Restore[],
): void {
  for (const name of ['Worker', 'SharedWorker'])
    restores.push(
      patchConstructor(win, name, (args, newTarget, native) => {
        const url = String(args[0]);
        const kind = name.toLowerCase();
        const match = check(url, kind);
        if (!match) return;
        const shared = kind !== 'worker';
        const stand = Reflect.construct(win.EventTarget, [], newTarget) as EventTarget;
        const { port1, port2 } = new win.MessageChannel();
        const types = shared ? ['error'] : ['message', 'messageerror', 'error'];
        for (const type of types) handler(stand, type);
        const held: HeldWorker = { url, kind, match, native, args, stand, types, port: port2 };
        if (shared) Object.defineProperty(stand, 'port', { value: port1 });
        else {
          Object.assign(stand, {
            postMessage: port1.postMessage.bind(port1),
            terminate() {
              held.ended = true;
              held.real?.terminate();
            },
          });
        }
        hold(held);
        return stand;
      }),
    );
}
