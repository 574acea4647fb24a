import type { UiHandle, UiHost } from '../ui/contract.js';

/** What the UI bundle provides; loaded only when something must be shown. */
export type MountUi = (host: UiHost) => UiHandle;

export interface LazyUi {
  /** Runs `action` once the UI is loaded and mounted (loading it on first use). Never throws. */
  use(action: (handle: UiHandle) => void): void;
  destroy(): void;
}

/**
 * Keeps the Preact UI out of the loader: it is fetched the first time something must be shown, and mounted once
 * `<body>` exists. A failed load is reported and tried again on the next use.
 */
export function createLazyUi(
  load: () => Promise<MountUi>,
  doc: Document,
  /** Read when the UI mounts, after the instance it talks to exists. */
  host: () => UiHost,
  onError: (error: unknown) => void,
): LazyUi {
  let ui: Promise<UiHandle> | undefined;
  let destroyed = false;
  return {
    use(action) {
      if (destroyed) return;
      if (!ui) {
        ui = Promise.all([load(), bodyReady(doc)]).then(([mount]) => mount(host()));
        ui.catch((error: unknown) => {
          ui = undefined;
          onError(error);
        });
      }
      ui.then(action, () => {});
    },
    destroy() {
      destroyed = true;
      ui?.then(
        (handle) => handle.destroy(),
        () => {},
      );
    },
  };
}

/** Resolves once `document.body` exists: the loader runs in <head>, before the parser has reached it. */
export function bodyReady(doc: Document): Promise<void> {
  if (doc.body) return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}
