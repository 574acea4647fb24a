import type { NormalizedConfig } from '../core/index.js';
import { createDeclarativeScripts, type IsAllowed } from './declarative.js';

export type { IsAllowed } from './declarative.js';

export interface BlockerOptions {
  config: NormalizedConfig;
  isAllowed: IsAllowed;
  document?: Document;
}

/** The blocker: holds back what is not allowed and releases it, in order, once it is. */
export interface Blocker {
  /** Install observers and patches. Call once, as early as possible. */
  start(): void;
  /** Release everything that is allowed now. Call after every decision change. */
  refresh(): void;
  /** Remove every observer and patch. */
  stop(): void;
}

/** Creates a blocker for one document; `isAllowed` is the only view it has of the visitor's decision. */
export function createBlocker(options: BlockerOptions): Blocker {
  const doc = options.document ?? document;
  const scripts = createDeclarativeScripts(doc, options.isAllowed);
  let observer: MutationObserver | undefined;
  let pending = false;
  const refresh = () => scripts.release();

  return {
    start() {
      // Marked scripts further down the page are parsed after this runs; pick them up as they arrive.
      observer = new MutationObserver(() => {
        if (pending) return;
        pending = true;
        queueMicrotask(() => {
          pending = false;
          refresh();
        });
      });
      observer.observe(doc.documentElement, { childList: true, subtree: true });
      refresh();
    },
    refresh,
    stop() {
      observer?.disconnect();
      observer = undefined;
    },
  };
}
