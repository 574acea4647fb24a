import { findVendor, GOOGLE_TAGS, type NormalizedConfig } from '../core/index.js';
import type { BlockReason, SamtykkeEvents } from '../types.js';
import { clearTraces, tracesOf } from './cleanup.js';
import { createDeclarativeScripts, type IsAllowed } from './declarative.js';
import { patchElements } from './element-patches.js';
import { createEmbeds, type PlaceholderTexts } from './embeds.js';
import { createHeldRegistry, type Gate, type Held } from './held.js';
import { patchMarkup } from './html-patches.js';
import { patchNetwork } from './network.js';
import { cancelExecution, neutralise, observeInsertions } from './observer.js';
import type { Restore } from './patch.js';
import { watchRealms } from './realms.js';
import { type Claim, checkClaim } from './release-check.js';
import { createMatcher, type RuleMatch } from './rules.js';
import { trustedSinks } from './trusted-types.js';

export { GOOGLE_TAGS } from '../core/index.js';
export type { IsAllowed } from './declarative.js';
export type { PlaceholderTexts, PlaceholderVars } from './embeds.js';
export type { RuleMatch } from './rules.js';

type BlockerEvent = 'blocked' | 'released' | 'refused';

/** Bare fallback; the composition root passes the page's language. */
const DEFAULT_TEXTS: PlaceholderTexts = ({ service, provider }) => ({
  text: `${service} (${provider})`,
  button: service,
});

export interface BlockerOptions {
  config: NormalizedConfig;
  isAllowed: IsAllowed;
  document?: Document;
  /** Receives `blocked`, `released` and `refused` reports. */
  onEvent?: <K extends BlockerEvent>(name: K, detail: SamtykkeEvents[K]) => void;
  /** Embed placeholder texts in the page's language. @default just the service and provider names */
  placeholderTexts?: PlaceholderTexts;
  /** The visitor pressed an embed placeholder's button (`event` tells a real click from a scripted one). */
  allow?: (match: RuleMatch, event: Event) => void;
  /** A contained failure (one marked script could not be released). */
  onError?: (error: unknown) => void;
  /** Why a match is held, for the `blocked` report. @default 'not-granted' */
  reason?: (match: RuleMatch) => BlockReason;
  /** Whether `allow` can grant this match (its service or category is offered). @default () => true */
  canAllow?: (match: RuleMatch) => boolean;
}

/** The blocker: holds back what is not allowed and releases it, in order, once it is. */
export interface Blocker {
  /** Install observers and patches. Call once, as early as possible. */
  start(): void;
  /** Release everything that is allowed now. Call after every decision change. */
  refresh(): void;
  /** Remove every observer and patch; the originals are restored exactly. */
  stop(): void;
  /**
   * After a refusal or withdrawal: delete the cookies and storage keys of `clean.services` (declared services or
   * built-in vendor ids; a cookie name one of `clean.keep` also uses stays), then run the opt-out scripts of
   * `optOut` categories (`data-category="!marketing"`). Resolves when those have run.
   */
  withdraw(optOut: readonly string[], clean: { services: readonly string[]; keep: readonly string[] }): Promise<void>;
}

/** Creates a blocker for one document; `isAllowed` is the only view it has of the visitor's decision. */
export function createBlocker(options: BlockerOptions): Blocker {
  const { config, isAllowed, onEvent } = options;
  const doc = options.document ?? document;
  const win = doc.defaultView as Window & typeof globalThis;
  // Captured before any patch: releasing must not be intercepted again, and what samtykke itself gave a `src`
  // (a released tag, an owner-marked one whose category differs from the built-in rule) is not re-held.
  const rawSetAttribute = win.Element.prototype.setAttribute;
  const exempt = new WeakSet<Element>();
  const setAttribute = (element: Element, name: string, value: string | object) => {
    if (name === 'src' || name === 'href') exempt.add(element);
    rawSetAttribute.call(element, name, value as string);
  };
  const advanced = config.consentMode.enabled && config.consentMode.mode === 'advanced';
  const matcher = createMatcher(config, () => doc.baseURI, new Set(advanced ? GOOGLE_TAGS : []));
  // Marked markup is judged against every rule: advanced mode lets Google's tags load unheld, not unchecked.
  const claims = advanced ? createMatcher(config, () => doc.baseURI) : matcher;
  const allowed = (match: RuleMatch) => isAllowed(match.category, match.service);
  const report = (name: 'blocked' | 'released', url: string, kind: string, match: RuleMatch) =>
    onEvent?.(name, name === 'blocked' ? { url, kind, ...match, reason: reasonFor(match) } : { url, kind, ...match });
  const reasonFor = (match: RuleMatch): BlockReason => options.reason?.(match) ?? 'not-granted';
  /** Held entries whose reason became "undeclared" (their category was granted), reported once each. */
  const undeclaredReported = new WeakSet<Element>();
  /** The rule under which marked markup may be released, or `undefined` (refused and reported). */
  const verify = (element: Element, url: string | null, kind: string): RuleMatch | undefined => {
    const category = (element.getAttribute('data-category') ?? '').replace(/^!/, '');
    const service = element.getAttribute('data-service');
    const claim: Claim = service ? { category, service } : { category };
    const own = kind === 'script' ? doc.location?.origin : undefined;
    const verdict = checkClaim(url, claim, claims, doc.baseURI, own);
    if (typeof verdict !== 'string') return verdict;
    console.warn(`samtykke: refused to release marked ${kind} (${verdict})`, url ?? element);
    onEvent?.('refused', { url: url ?? '', kind, ...claim, reason: verdict });
    return undefined;
  };
  const scripts = createDeclarativeScripts(
    doc,
    isAllowed,
    setAttribute,
    (element) => Boolean(verify(element, element.getAttribute('data-src') ?? element.getAttribute('src'), 'script')),
    options.onError,
  );
  const held = createHeldRegistry();
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
  const gate: Gate = {
    check(url, kind) {
      if (!config.blocking.auto) return undefined;
      const match = matcher(url);
      if (!match || allowed(match)) return undefined;
      report('blocked', url, kind, match);
      return match;
    },
    hold(entry) {
      held.add(entry);
      if (entry.kind === 'iframe') embeds.place(entry);
    },
    held,
  };
  const frames = new WeakSet<Element>();
  const restores: Restore[] = [];
  const adopted = new WeakSet<Document>();
  /** Every patch in one realm: the page's, then each same-origin child realm's as soon as it can be reached. */
  const install = (realm: Window & typeof globalThis) => {
    if (adopted.has(realm.document)) return;
    adopted.add(realm.document);
    const markup = patchMarkup(realm, gate);
    restores.push(patchElements(realm, gate, markup.srcdoc), markup.restore);
    restores.push(patchNetwork(realm, (url, kind) => gate.check(url, kind) !== undefined));
    restores.push(watchRealms(realm, install));
  };

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
    const url = entry.type === undefined ? entry.url : trustedSinks(win).createScriptURL(entry.url);
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
    if (match) gate.hold({ element: frame as HTMLIFrameElement, url, kind: 'iframe', attribute: 'src', match });
  };
  const scanFrames = () => {
    for (const frame of Array.from(doc.querySelectorAll(MARKED_FRAME))) holdMarked(frame);
  };

  const refresh = () => {
    scripts.release();
    scanFrames();
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
  const onAdded = (element: Element) => {
    if (config.blocking.auto && !exempt.has(element)) neutralise(element, gate);
    // One in a shadow root is not found by the document-wide scan.
    if (element.localName === 'iframe' && element.matches(MARKED_FRAME)) holdMarked(element);
    const entry = held.get(element);
    // A frame created and held by code gets its placeholder once it is in the document.
    if (entry?.kind === 'iframe') embeds.place(entry);
  };

  return {
    start() {
      // Samtykke's Trusted Types policy is taken before page code could take its name.
      trustedSinks(win);
      if (config.blocking.auto) install(win);
      // Marked tags further down the page are parsed after this runs; pick them up as they arrive.
      restores.push(
        observeInsertions(
          doc,
          onAdded,
          () => {
            if (pending) return;
            pending = true;
            queueMicrotask(() => {
              pending = false;
              refresh();
            });
          },
          embeds.prune,
        ),
      );
      refresh();
    },
    refresh,
    stop() {
      for (const restore of restores.splice(0).reverse()) restore();
      embeds.stop();
    },
    withdraw(optOut, clean) {
      clearTraces(doc, tracesOf(config, clean.services), tracesOf(config, clean.keep));
      return scripts.runWithdrawn(optOut);
    },
  };
}
