/**
 * Owner-marked tags: `<script type="text/plain" data-category="statistics" [data-service] [src|data-src]>`.
 * The browser never runs a script whose type it does not know, so these wait untouched until released.
 * Flipping `type` on the element would not run it (a script element is "already started" once inserted),
 * so release means inserting a fresh copy.
 */
import { trustedSinks } from '../trusted-types.js';

/** Asks whether a category (or one service of it) may run now. */
export type IsAllowed = (category: string, service?: string) => boolean;

const BLOCKED_SELECTOR = 'script[type="text/plain"][data-category]';
/**
 * A released script that neither loads nor fails within this time stops holding up the ones after it: a hung
 * vendor file must not keep the rest of the page's consented scripts from running.
 */
export const RELEASE_TIMEOUT_MS = 5000;
/** Attributes that describe the blocked state and are not copied to the released script. */
const OWN_ATTRIBUTES = new Set(['type', 'data-category', 'data-service', 'data-src', 'data-type', 'nonce']);

export interface DeclarativeScripts {
  /** Release, in document order, every marked script that is now allowed (those in shadow roots after them). */
  release(): void;
  /** A marked script in a shadow root, which the document-wide query does not see; anything else is ignored. */
  track(element: Element): void;
  /**
   * Run the opt-out scripts of withdrawn categories (`data-category="!marketing"`), in document order;
   * resolves when they have run.
   */
  runWithdrawn(categories: readonly string[]): Promise<void>;
}

/** Sets an attribute without the blocker's interception (the owner's markup already decided). */
export type SetAttribute = (element: Element, name: string, value: string | object) => void;

/** Creates the releaser for one document; `verify` refuses markup whose claim its URL does not back. */
export function createDeclarativeScripts(
  doc: Document,
  isAllowed: IsAllowed,
  setAttribute: SetAttribute = (element, name, value) => element.setAttribute(name, value as string),
  verify: (element: Element) => boolean = () => true,
  /** One release failed (the others go on). */
  onError: (error: unknown) => void = () => {},
): DeclarativeScripts {
  const released = new WeakSet<Element>();
  /** Marked scripts in shadow roots, in the order they were found. */
  const inRoots: HTMLScriptElement[] = [];
  const marked = () => [
    ...Array.from(doc.querySelectorAll<HTMLScriptElement>(BLOCKED_SELECTOR)),
    // One not in the document now (its host removed) waits for a later release.
    ...inRoots.filter((element) => element.isConnected),
  ];
  // External scripts run one after another so a snippet that needs the library loaded before it still works.
  let queue: Promise<void> = Promise.resolve();

  const allowed = (element: Element) =>
    isAllowed(element.getAttribute('data-category') ?? '', element.getAttribute('data-service') ?? undefined);

  const revive = (blocked: HTMLScriptElement): Promise<void> => {
    // Page code (a single-page app re-rendering) may have removed it before its turn: nothing to run, move on.
    if (!blocked.isConnected) return Promise.resolve();
    const fresh = doc.createElement('script');
    for (const { name, value } of Array.from(blocked.attributes)) {
      if (!OWN_ATTRIBUTES.has(name) && name !== 'src') setAttribute(fresh, name, value);
    }
    // Browsers hide the nonce attribute's value after parsing; only the property still holds it.
    if (blocked.nonce) fresh.nonce = blocked.nonce;
    const type = blocked.getAttribute('data-type');
    if (type) fresh.type = type;
    const src = blocked.getAttribute('data-src') ?? blocked.getAttribute('src');
    // Under Trusted Types the copy is samtykke's to vouch for: the markup was the page's, the URL passed `verify`.
    const sinks = trustedSinks(doc.defaultView ?? window);
    if (!src) {
      (fresh as { text: unknown }).text = sinks.createScript(blocked.text);
      blocked.replaceWith(fresh);
      return Promise.resolve();
    }
    setAttribute(fresh, 'src', sinks.createScriptURL(src));
    const waitsForLoad = !blocked.hasAttribute('async');
    // A script inserted by code is async unless told otherwise; the queue below keeps the order instead.
    if (waitsForLoad) fresh.async = false;
    return new Promise((resolve) => {
      if (waitsForLoad) {
        const timer = setTimeout(resolve, RELEASE_TIMEOUT_MS);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        fresh.addEventListener('load', done, { once: true });
        fresh.addEventListener('error', done, { once: true });
      }
      blocked.replaceWith(fresh);
      if (!waitsForLoad) resolve();
    });
  };
  /** Queues one release; its failure is reported and the queue goes on. */
  const enqueue = (element: HTMLScriptElement) => {
    queue = queue.then(() => revive(element)).catch(onError);
  };

  return {
    release() {
      for (const element of marked()) {
        if (released.has(element) || !allowed(element)) continue;
        released.add(element);
        if (!verify(element)) continue;
        enqueue(element);
      }
    },
    track(element) {
      if (
        element.getRootNode() !== doc &&
        element.matches(BLOCKED_SELECTOR) &&
        !inRoots.includes(element as HTMLScriptElement)
      )
        inRoots.push(element as HTMLScriptElement);
    },
    runWithdrawn(categories) {
      const wanted = new Set(categories.map((id) => `!${id}`));
      for (const element of marked()) {
        if (released.has(element) || !wanted.has(element.getAttribute('data-category') ?? '')) continue;
        released.add(element);
        if (!verify(element)) continue;
        enqueue(element);
      }
      return queue;
    },
  };
}
