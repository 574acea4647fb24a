/**
 * What the blocker does once the runtime is here: it releases, in order, what became allowed, shows a placeholder
 * for each held frame, verifies owner-marked markup and cleans up after a withdrawal. The interception it works
 * with started earlier, in the critical loader (`../index.ts`).
 */
import { findVendor, type NormalizedConfig } from '../../core/index.js';
import type { BlockReason, SamtykkeEvents } from '../../types.js';
import type { Held } from '../held.js';
import { type BlockerEvent, createInterception, type Interception } from '../interception.js';
import { cancelExecution } from '../observer.js';
import type { RuleMatch } from '../rules.js';
import { trustedSinks } from '../trusted-types.js';
import { clearTraces, tracesOf } from './cleanup.js';
import { createDeclarativeScripts, type IsAllowed } from './declarative.js';
import { createEmbeds, type PlaceholderTexts } from './embeds.js';
import { type Claim, checkClaim } from './release-check.js';
import { startWorker } from './workers.js';

/** Bare fallback; the composition root passes the page's language. */
const DEFAULT_TEXTS: PlaceholderTexts = ({ service, provider }) => ({
  text: `${service} (${provider})`,
  button: service,
});

export interface ReleaseOptions {
  config: NormalizedConfig;
  isAllowed: IsAllowed;
  document?: Document;
  /** Embed placeholder texts in the page's language. @default just the service and provider names */
  placeholderTexts?: PlaceholderTexts;
  /** The visitor pressed an embed placeholder's button (`event` tells a real click from a scripted one). */
  allow?: (match: RuleMatch, event: Event) => void;
  /** A contained failure (one marked script could not be released). */
  onError?: (error: unknown) => void;
  /** Whether `allow` can grant this match (its service or category is offered). @default () => true */
  canAllow?: (match: RuleMatch) => boolean;
}

export interface Release {
  /** Starts following the page and releases what is allowed now. */
  start(): void;
  /** Release everything that is allowed now. Call after every decision change. */
  refresh(): void;
  /**
   * After a refusal or withdrawal: delete the cookies and storage keys of `clean.services` (declared services or
   * built-in vendor ids; a cookie name one of `clean.keep` also uses stays), then run the opt-out scripts of
   * `optOut` categories (`data-category="!marketing"`). Resolves when those have run.
   */
  withdraw(optOut: readonly string[], clean: { services: readonly string[]; keep: readonly string[] }): Promise<void>;
  /** Takes away what the placeholders patched (the tree walks that step over them). */
  stop(): void;
}

/** Creates the release code for an interception that is already running. */
export function createRelease(interception: Interception, options: ReleaseOptions): Release {
  const { config, isAllowed } = options;
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
  const services = config.categories.flatMap((category) => category.services);
  const embeds = createEmbeds({
    doc,
    texts: options.placeholderTexts ?? DEFAULT_TEXTS,
    // A built-in vendor the owner did not list is still named from the catalogue.
    describe: (match) => {
      const service = services.find((s) => s.id === match.service) ?? findVendor(match.service ?? '');
      return {
        service: service?.name ?? match.service ?? match.category,
        provider: service?.provider ?? '',
        category: match.category,
      };
    },
    canAllow: (match) => Boolean(options.allow) && (options.canAllow?.(match) ?? true),
    allow: (match, event) => options.allow?.(match, event),
  });
  const frames = new WeakSet<Element>();

  const release = (entry: Held) => {
    const { element } = entry;
    held.remove(element);
    if (entry.kind === 'script') {
      if (entry.type === null) element.removeAttribute('type');
      else if (entry.type !== undefined) setAttribute(element, 'type', entry.type);
      element.removeEventListener('beforescriptexecute', cancelExecution);
    } else embeds.restore(entry);
    // A script the observer neutralised had its URL in an attribute the browser admitted (the parser's): it gets
    // it back through samtykke's Trusted Types policy. What page code set goes back as it gave it.
    const url =
      entry.type === undefined ? entry.url : trustedSinks(doc.defaultView ?? window).createScriptURL(entry.url);
    setAttribute(element, entry.attribute, entry.value ?? url);
    report('released', entry.url, entry.kind, entry.match);
  };

  /** Owner-marked frames: `<iframe data-category data-src>` (also what the markup patches produce). */
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
        if (entry.kind === 'iframe') embeds.place(entry);
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
          if (entry?.kind === 'iframe') embeds.place(entry);
        },
        changed() {
          if (pending) return;
          pending = true;
          queueMicrotask(() => {
            pending = false;
            refresh();
          });
        },
        removed: embeds.prune,
      });
      refresh();
    },
    refresh,
    withdraw(optOut, clean) {
      clearTraces(doc, tracesOf(config, clean.services), tracesOf(config, clean.keep));
      return scripts.runWithdrawn(optOut);
    },
    stop: () => embeds.stop(),
  };
}

export interface BlockerOptions extends ReleaseOptions {
  /** Receives `blocked`, `released` and `refused` reports. */
  onEvent?: <K extends BlockerEvent>(name: K, detail: SamtykkeEvents[K]) => void;
  /** Why a match is held, for the `blocked` report. @default 'not-granted' */
  reason?: (match: RuleMatch) => BlockReason;
}

/** The whole blocker in one: holds back what is not allowed and releases it, in order, once it is. */
export interface Blocker extends Omit<Release, 'start' | 'stop'> {
  /** Install observers and patches. Call once, as early as possible. */
  start(): void;
  /** Remove every observer and patch; the originals are restored exactly. */
  stop(): void;
}

/** Creates interception and release for one document; `isAllowed` is the only view it has of the decision. */
export function createBlocker(options: BlockerOptions): Blocker {
  const interception = createInterception(options);
  const release = createRelease(interception, options);
  return {
    start() {
      interception.start();
      release.start();
    },
    refresh: release.refresh,
    withdraw: release.withdraw,
    stop() {
      interception.stop();
      release.stop();
    },
  };
}
