/**
 * The blocker's interception: the rules, the patches and the observer. It runs in the critical loader, so
 * nothing slips through while the rest loads; what it holds is released, shown as a placeholder or cleaned up by
 * `release/`, which the runtime brings.
 */
import { GOOGLE_TAGS, type NormalizedConfig } from '../core/index.js';
import type { BlockReason, SamtykkeEvents } from '../types.js';
import { patchElements } from './element-patches.js';
import { createHeldRegistry, type Gate, type HeldRegistry } from './held.js';
import { patchMarkup } from './html-patches.js';
import { patchNetwork } from './network.js';
import { neutralise, observeInsertions } from './observer.js';
import type { Restore } from './patch.js';
import { childRealms, watchRealms } from './realms.js';
import { createMatcher, type Matcher, type RuleMatch } from './rules.js';
import { trustedSinks } from './trusted-types.js';
import { type HeldWorker, patchWorkers } from './workers.js';

export type BlockerEvent = 'blocked' | 'released' | 'refused';
export type BlockerReport = <K extends BlockerEvent>(name: K, detail: SamtykkeEvents[K]) => void;

export interface InterceptionOptions {
  config: NormalizedConfig;
  /** The only view the blocker has of the visitor's decision. */
  isAllowed: (category: string, service?: string) => boolean;
  document?: Document;
  /** Receives `blocked`, `released` and `refused` reports. */
  onEvent?: BlockerReport;
  /** Why a match is held, for the `blocked` report. @default 'not-granted' */
  reason?: (match: RuleMatch) => BlockReason;
}

/** What the release code (placeholders, release, clean-up) is told as the page changes. */
export interface InterceptionWatcher {
  /** An element was added to the document (after the interception judged it). */
  added(element: Element): void;
  /** A batch of DOM changes added a script or frame. */
  changed(): void;
  /** A batch of DOM changes took nodes out. */
  removed(): void;
}

/** The interception: holds back what is not allowed, from the first line of <head> on. */
export interface Interception {
  /** Install observers and patches. Call once, as early as possible. */
  start(): void;
  /** Remove every observer and patch; the originals are restored exactly. */
  stop(): void;
  /** Scripts and frames held back, for the release code. */
  readonly held: HeldRegistry;
  /** Workers held back, in the order they were made; the release code starts and removes them. */
  readonly workers: HeldWorker[];
  /** Every rule, Google's tags included (marked markup is judged against them all). */
  readonly rules: Matcher;
  /** Sets an attribute past the patches; what samtykke itself gave a `src` is not held again. */
  setAttribute(element: Element, name: string, value: string | object): void;
  /** Hold one element now (an owner-marked frame the release code verified). */
  hold: Gate['hold'];
  report(name: 'blocked' | 'released', url: string, kind: string, match: RuleMatch): void;
  /** Passes any report on the way the interception's own go (`onEvent`). */
  tell: BlockerReport;
  reasonFor(match: RuleMatch): BlockReason;
  /** Where the release code listens; one watcher. */
  watch(watcher: InterceptionWatcher): void;
}

/**
 * The matcher with its answers remembered: the same tag URL is judged again by every patch it passes through
 * and on every refresh. A page that builds endless unique URLs (cache busters) only fills it up to a bound.
 */
function remembered(matcher: Matcher, base: () => string): Matcher {
  const known = new Map<string, RuleMatch | undefined>();
  return (url) => {
    const key = `${base()} ${url}`;
    if (known.has(key)) return known.get(key);
    if (known.size > 500) known.clear();
    const match = matcher(url);
    known.set(key, match);
    return match;
  };
}

/** Creates the interception for one document. */
export function createInterception(options: InterceptionOptions): Interception {
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
  const base = () => doc.baseURI;
  const advanced = config.consentMode.enabled && config.consentMode.mode === 'advanced';
  const matcher = remembered(createMatcher(config, base, new Set(advanced ? GOOGLE_TAGS : [])), base);
  const rules = advanced ? remembered(createMatcher(config, base), base) : matcher;
  const reasonFor = (match: RuleMatch): BlockReason => options.reason?.(match) ?? 'not-granted';
  const report = (name: 'blocked' | 'released', url: string, kind: string, match: RuleMatch) =>
    onEvent?.(name, name === 'blocked' ? { url, kind, ...match, reason: reasonFor(match) } : { url, kind, ...match });
  const held = createHeldRegistry();
  let watcher: InterceptionWatcher | undefined;
  /** Frames and scripts added before the release code came: it finds those in shadow roots only through `added`. */
  const early: Element[] = [];
  const added = (element: Element) => {
    if (watcher) return watcher.added(element);
    if (!['iframe', 'script'].includes(element.localName)) return;
    early.push(element);
    // A frame keeps its place in the order of release: the release code holds a marked one once it verified it.
    if (element.localName === 'iframe') held.reserve(element);
  };
  const gate: Gate = {
    check(url, kind) {
      if (!config.blocking.auto) return undefined;
      const match = matcher(url);
      if (!match || isAllowed(match.category, match.service)) return undefined;
      report('blocked', url, kind, match);
      return match;
    },
    hold(entry) {
      held.add(entry);
      // A frame held by code gets its placeholder from the release code once it is in the document.
      if (entry.kind === 'iframe') added(entry.element);
    },
    held,
  };
  const workers: HeldWorker[] = [];
  // Every patch of every realm adds how to undo it here (the installers take the list instead of each returning
  // their own, which the loader would carry as so much glue); stop() undoes them, last first.
  const restores: Restore[] = [];
  const adopted = new WeakSet<Document>();
  /** Every patch in one realm: the page's, then each same-origin child realm's as soon as it can be reached. */
  const install = (realm: Window & typeof globalThis) => {
    if (adopted.has(realm.document)) return;
    adopted.add(realm.document);
    const realms = childRealms(realm, install);
    patchElements(realm, gate, patchMarkup(realm, gate, realms.sweep, restores), restores);
    patchNetwork(realm, (url, kind) => gate.check(url, kind) !== undefined, restores);
    patchWorkers(realm, gate.check, (worker) => workers.push(worker), restores);
    watchRealms(realm, realms, restores);
  };

  return {
    start() {
      // Samtykke's Trusted Types policy is taken before page code could take its name.
      trustedSinks(win);
      if (config.blocking.auto) install(win);
      // Tags further down the page are parsed after this runs; judge them as they arrive.
      restores.push(
        observeInsertions(
          doc,
          (element) => {
            if (config.blocking.auto && !exempt.has(element)) neutralise(element, gate);
            added(element);
          },
          () => watcher?.changed(),
          () => watcher?.removed(),
        ),
      );
    },
    stop() {
      for (const restore of restores.splice(0).reverse()) restore();
    },
    held,
    workers,
    rules,
    setAttribute,
    hold: gate.hold,
    report,
    tell: (name, detail) => onEvent?.(name, detail),
    reasonFor,
    watch(next) {
      watcher = next;
      for (const element of early.splice(0)) next.added(element);
    },
  };
}
