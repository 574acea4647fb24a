import type { DecisionRequest, NormalizedConfig } from '../core/index.js';

/** What the first layer is given when it is mounted. */
export interface BannerHost {
  config: NormalizedConfig;
  document: Document;
  /** Global Privacy Control is on: the banner says that marketing is off. */
  gpc: boolean;
  /** The exact texts the banner rendered, so receipts hash what the visitor saw. */
  reportShown(notice: { language: string; texts: Record<string, string> }): void;
  /**
   * The visitor chose Accept all or Reject all. `event` is the click (or key press) that carried the choice: only
   * one the browser dispatched for a real input (`isTrusted`) is recorded as the visitor's.
   */
  decide(request: DecisionRequest, proof: { layer: 1; event?: Event }): void;
  /** "Customise": open the preferences over the banner; focus returns to `opener` when they close. */
  customise(opener: Element): void;
}

/** What a mounted first layer can be asked to do. */
export interface BannerHandle {
  /** Renders the banner (again, in the current language) and reports what it shows. */
  show(): void;
  hide(): void;
  /** The banner's panel and the element around it (which slides), while it is shown and not covered. */
  onScreen(): { wrap: HTMLElement; panel: HTMLElement } | undefined;
  /** The preferences are open over the banner: it is inert and hidden from assistive technology until uncovered. */
  cover(covered: boolean): void;
  destroy(): void;
}

/** What a banner file provides (`window.SamtykkeBanner.mountBanner`, or the `banner/` module). */
export type MountBanner = (host: BannerHost) => BannerHandle;

/** What the critical loader tells the first layer it mounts before the runtime is there (its kernel). */
export interface EarlyPage {
  /** The config as the loader read it: built-in vendors by their hosts only. */
  readonly config: NormalizedConfig;
  /** The page's config as written, read again here with the vendors' names (the first layer names them). */
  readonly input?: unknown;
  readonly document: Document;
  readonly gpc: boolean;
}

/**
 * What a banner file provides for the builds that load the runtime apart (`window.SamtykkeBanner.mountEarly`): it
 * mounts the first layer before the runtime is there and resolves once it has painted; the file's `mountBanner`
 * then takes that banner over for the runtime. `started` is the loader's start of the runtime, which fails when the
 * runtime does not come: the loader says so directly, not through an event page code could dispatch too.
 */
export type MountEarly = (page: EarlyPage, started: () => Promise<unknown> | undefined) => Promise<void>;
