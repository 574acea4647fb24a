/**
 * What the blocker does once the runtime is here: it releases, in order, what became allowed, verifies
 * owner-marked markup and hands each held frame to the placeholders. The interception it works with started
 * earlier, in the critical loader (`../index.ts`). The placeholders and the clean-up after a withdrawal come
 * with the part that makes decisions (`embeds.ts`, `cleanup.ts`): a page whose visitor decided before and holds
 * no frame never loads them. `blocker.ts` composes all of it, for code that has it in one bundle.
 */
import type { Held } from '../held.js';
import type { Interception } from '../interception.js';
import { cancelExecution } from '../observer.js';
import type { RuleMatch } from '../rules.js';
import { trustedSinks } from '../trusted-types.js';
import { createDeclarativeScripts, type IsAllowed } from './declarative.js';
import type { Placeholders } from './embeds.js';
import { type Claim, checkClaim } from './release-check.js';
import { startWorker } from './workers.js';

export interface ReleaseOptions {
  isAllowed: IsAllowed;
  document?: Document;
  /** The placeholders of held frames (`embeds.ts`; possibly still on its way). @default none: a held frame stays empty */
  placeholders?: Placeholders;
  /** A contained failure (one marked script could not be released). */
  onError?: (error: unknown) => void;
}

export interface Release {
  /** Starts following the page and releases what is allowed now. */
  start(): void;
  /** Release everything that is allowed now. Call after every decision change. */
  refresh(): void;
  /** After a withdrawal: runs the opt-out scripts of `optOut` categories (`data-category="!marketing"`). */
  runOptOut(optOut: readonly string[]): Promise<void>;
  /** Takes away what the placeholders patched (the tree walks that step over them). */
  stop(): void;
}

/** Creates the release code for an interception that is already running. */
export function createRelease(interception: Interception, options: ReleaseOptions): Release {
  const { isAllowed } = options;
  const doc = options.document ?? document;
  // Every report goes the interception's way, so the runtime hears them in order with those made before it came.
  const { held, setAttribute, report, reasonFor, tell } = interception;
  const allowed = (match: RuleMatch) => isAllowed(match.category, match.service);
  /** Held entries whose reason became "undeclared" (their category was granted), reported once each. */
  const undeclaredReported = new WeakSet<Element>();
  /** The rule under which marked markup may be released, or `undefined` (refused and reported). */
  const verify = (element: Element, url: string | null, kind: string): RuleMatch | undefined => {
    const category = (element.getAttribute('data-category') ?? '').replace(/^!/, '');
    const service = element.getAttribute('data-service');
    const claim: Claim = service ? { category, service } : { category };
    const own = kind === 'script' ? doc.location?.origin : undefined;
    const verdict = checkClaim(url, claim, interception.rules, doc.baseURI, own);
    if (typeof verdict !== 'string') return verdict;
    console.warn(`samtykke: refused to release marked ${kind} (${verdict})`, url ?? element);
    tell('refused', { url: url ?? '', kind, ...claim, reason: verdict });
    return undefined;
  };
  const scripts = createDeclarativeScripts(
    doc,
    isAllowed,
    setAttribute,
    (element) => Boolean(verify(element, element.getAttribute('data-src') ?? element.getAttribute('src'), 'script')),
    options.onError,
  );
  const embeds = options.placeholders;
  const win = doc.defaultView as Window & typeof globalThis;
  // Its own walks see every node: the placeholders' tree-walk patch steps over them.
  const nextSibling = Object.getOwnPropertyDescriptor(win.Node.prototype, 'nextSibling')?.get as (
    this: Node,
  ) => Node | null;
  const frames = new WeakSet<Element>();

  const release = (entry: Held) => {
    const { element } = entry;
    held.remove(element);
    if (entry.kind === 'script') {
      if (entry.type === null) element.removeAttribute('type');
      else if (entry.type !== undefined) setAttribute(element, 'type', entry.type);
      element.removeEventListener('beforescriptexecute', cancelExecution);
    } else {
      embeds?.drop(element);
      // Chromium does not always navigate a frame that gets its first src while the page is still parsing;
      // put back at its own place (same parent, same next sibling), it gets a fresh browsing context that
      // navigates as soon as the src is set. The framework's node, parent and order stay the same.
      element.parentNode?.insertBefore(element, nextSibling.call(element));
    }
    // A script the observer neutralised had its URL in an attribute the browser admitted (the parser's): it gets
    // it back through samtykke's Trusted Types policy. What page code set goes back as it gave it.
    const url =
      entry.type === undefined ? entry.url : trustedSinks(doc.defaultView ?? window).createScriptURL(entry.url);
    setAttribute(element, entry.attribute, entry.value ?? url);
    report('released', entry.url, entry.kind, entry.match);
  };

  /**
   * Owner-marked frames: `<iframe data-category data-src>` (also what the markup patches produce), held in the
   * place the loader kept for a frame that arrived before the release code (a refused one leaves it empty).
   */
  const MARKED_FRAME = 'iframe[data-src][data-category]';
  const holdMarked = (frame: Element) => {
    if (frames.has(frame)) return;
    frames.add(frame);
    const url = frame.getAttribute('data-src') ?? '';
    // The rule names the service even without data-service, so the placeholder can say who it is.
    const match = verify(frame, url, 'iframe');
    if (match) interception.hold({ element: frame as HTMLIFrameElement, url, kind: 'iframe', attribute: 'src', match });
  };
  const scanFrames = () => {
    for (const frame of Array.from(doc.querySelectorAll(MARKED_FRAME))) holdMarked(frame);
  };

  const refresh = () => {
    scripts.release();
    scanFrames();
    const { workers } = interception;
    for (const worker of workers.filter((w) => allowed(w.match))) {
      workers.splice(workers.indexOf(worker), 1);
      startWorker(worker);
      report('released', worker.url, worker.kind, worker.match);
    }
    for (const entry of held.list()) {
      if (allowed(entry.match)) release(entry);
      else {
        if (entry.kind === 'iframe') embeds?.place(entry);
        if (!undeclaredReported.has(entry.element) && reasonFor(entry.match) === 'undeclared') {
          undeclaredReported.add(entry.element);
          report('blocked', entry.url, entry.kind, entry.match);
        }
      }
    }
  };

  let pending = false;
  return {
    start() {
      interception.watch({
        added(element) {
          // One in a shadow root is not found by the document-wide scan.
          if (element.localName === 'iframe' && element.matches(MARKED_FRAME)) holdMarked(element);
          if (element.localName === 'script') scripts.track(element);
          const entry = held.get(element);
          // A frame created and held by code gets its placeholder once it is in the document.
          if (entry?.kind === 'iframe') embeds?.place(entry);
        },
        changed() {
          if (pending) return;
          pending = true;
          queueMicrotask(() => {
            pending = false;
            refresh();
          });
        },
        removed: () => embeds?.prune(),
      });
      refresh();
    },
    refresh,
    runOptOut: (optOut) => scripts.runWithdrawn(optOut),
    stop: () => embeds?.stop(),
  };
}
