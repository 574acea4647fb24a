import type { BannerHandle, MountBanner } from '../banner/contract.js';
import { bodyReady } from '../core/body-ready.js';
import type { UiHandle, UiHost } from '../ui/contract.js';
import { keepFocusClear } from './focus-clear.js';

export type { MountBanner } from '../banner/contract.js';

/** What the preferences bundle (Preact) provides; loaded only when the preferences or a declaration show. */
export type MountUi = (host: UiHost) => UiHandle;

/** How the build at hand gets each part of the UI. */
export interface UiParts {
  /** The first layer, a small plain-DOM file: fetched as soon as the visitor must be asked. */
  banner: () => Promise<MountBanner>;
  /** The preferences and declaration. */
  ui: () => Promise<MountUi>;
}

export interface LazyUi {
  /** Runs `action` once the first layer is loaded and mounted (loading it on first use). Never throws. */
  banner(action: (handle: BannerHandle) => void): void;
  /**
   * Runs `action` once the preferences are loaded and mounted (loading them on first use, unless `ifLoaded`).
   * Never throws.
   */
  ui(action: (handle: UiHandle) => void, ifLoaded?: boolean): void;
  /** Opens the preferences over the first layer, which stays inert until they close; focus returns to `opener`. */
  showPreferences(opener?: Element | null): void;
  /** Hides whatever is shown; loads nothing. */
  hide(): void;
  destroy(): void;
}

/** One part loaded on first use and mounted once `<body>` exists; a failed load is reported and tried again next time. */
function lazyPart<H extends { destroy(): void }>(load: () => Promise<H>, onError: (error: unknown) => void) {
  let part: Promise<H> | undefined;
  let mounted: H | undefined;
  return {
    use(action: (handle: H) => void, ifLoaded = false): void {
      if (!part) {
        if (ifLoaded) return;
        part = load();
        part.then(
          (handle) => (mounted = handle),
          (error: unknown) => {
            part = undefined;
            onError(error);
          },
        );
      }
      part.then(action, () => {});
    },
    /** The mounted handle, if it is mounted already. */
    now: () => mounted,
    destroy() {
      part?.then(
        (handle) => handle.destroy(),
        () => {},
      );
    },
  };
}

/**
 * Keeps the UI out of the loader, in two parts loaded when they are needed: the first layer (a small file, shown
 * when the visitor has not decided) and the preferences and declaration (Preact, on "Customise", the way back, or a
 * declaration on the page). They share one shadow root; this glue is all they know of each other.
 */
export function createLazyUi(
  parts: UiParts,
  doc: Document,
  /** Read when a part mounts, after the instance it talks to exists. */
  host: () => UiHost,
  onError: (error: unknown) => void,
): LazyUi {
  let destroyed = false;
  /** The preferences are open (or on their way), so a first layer under them is covered. */
  let covering = false;
  const cover = (on: boolean) => {
    covering = on;
    firstLayer.now()?.cover(on);
  };
  const firstLayer = lazyPart(
    () =>
      Promise.all([parts.banner(), bodyReady(doc)]).then(([mount]) => {
        const { instance, config, document, reportShown, decide } = host();
        const handle = mount({
          config,
          document,
          gpc: instance.gpc,
          reportShown,
          decide,
          customise: (opener) => lazy.showPreferences(opener),
        });
        // Decided elsewhere (a placeholder, another tab, page code): the banner's question is answered.
        const off = instance.on('change', ({ decision }) => {
          if (decision) handle.hide();
        });
        // A modal banner keeps focus itself; beside one that is not, focused page content stays clear of it.
        const clear = config.ui.mustChoose ? undefined : keepFocusClear(document, handle);
        handle.cover(covering);
        // Taken over after a choice was made (page code, another tab, while the runtime loaded): it goes.
        if (instance.getDecision()) handle.hide();
        return {
          ...handle,
          destroy() {
            off();
            clear?.();
            handle.destroy();
          },
        };
      }),
    onError,
  );
  const preferences = lazyPart(
    () => Promise.all([parts.ui(), bodyReady(doc)]).then(([mount]) => mount({ ...host(), closed: () => cover(false) })),
    (error) => {
      // The preferences could not come: the first layer must not stay covered by nothing.
      cover(false);
      onError(error);
    },
  );
  const lazy: LazyUi = {
    banner(action) {
      if (!destroyed) firstLayer.use(action);
    },
    ui(action, ifLoaded) {
      if (!destroyed) preferences.use(action, ifLoaded);
    },
    showPreferences(opener) {
      if (destroyed) return;
      cover(true);
      preferences.use((handle) => handle.showPreferences(opener));
    },
    hide() {
      preferences.now()?.hide();
      firstLayer.now()?.hide();
    },
    destroy() {
      destroyed = true;
      firstLayer.destroy();
      preferences.destroy();
    },
  };
  return lazy;
}
