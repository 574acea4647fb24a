/**
 * The one place the current decision lives. The cookie is the truth every tab shares, so the store reads it again
 * whenever this page may have missed a change: a page restored from the back/forward cache (`pageshow`), a tab
 * coming back into view (`visibilitychange`, `focus`) and, where the browser has it, `cookieStore`'s `change` for
 * this cookie (asking `cookieStore` where nothing must wait for the answer).
 * A change made here is posted on a BroadcastChannel, so other open tabs apply it at once. The store only reads:
 * writing the cookie belongs to the code that decides (`cookie-write.ts`, `saveDecision`), which a returning
 * visitor's page does not load until it is needed.
 */
import type { Decision } from '../types.js';
import { interpretDecision, readCookie, type StoredDecision } from './cookie.js';
import type { NormalizedConfig } from './normalized.js';

/** Told the decision in force changed outside this store's own `set` (another tab, a restored page). */
export type DecisionListener = (next: Decision | null, previous: Decision | null) => void;

export interface DecisionStore {
  /** The decision in force, or null (none, expired, or made under another revision). */
  get(): Decision | null;
  /** The last decision known, even one no longer in force: its consent id carries on. */
  lastKnown(): Decision | null;
  /** What the cookie said when the store was created (an expired decision is recorded once). */
  readonly initial: StoredDecision;
  /**
   * Takes a decision this page has just written to the cookie (or null: cleared) as the one in force and tells
   * other tabs. Only `saveDecision` calls it, right after the write.
   */
  commit(next: Decision | null): void;
  subscribe(listener: DecisionListener): () => void;
  /** Reads the cookie again now. */
  refresh(): void;
  stop(): void;
}

export interface DecisionStoreOptions {
  config: NormalizedConfig;
  document: Document;
  window: Window & typeof globalThis;
  now: () => number;
  /** The cookie as the loader already read it: the page reads it once at start, not twice. */
  initial?: { raw: string | undefined; stored: StoredDecision };
}

/** The parts of the Cookie Store API the store uses (Chromium, Safari 18.4); the event's lists may be absent. */
interface CookieStoreLike extends EventTarget {
  get?(name: string): Promise<{ value?: string } | null | undefined>;
}
type CookieChange = Event & { changed?: ReadonlyArray<{ name?: string }>; deleted?: ReadonlyArray<{ name?: string }> };

/** Field by field: the same decision read from the cookie and built by the rules has its keys in another order. */
const same = (a: Decision | null, b: Decision | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.consentId === b.consentId &&
    a.revision === b.revision &&
    a.decidedAt === b.decidedAt &&
    a.expiresAt === b.expiresAt &&
    a.gpc === b.gpc &&
    `${a.granted}` === `${b.granted}` &&
    `${a.services}` === `${b.services}`);

export function createDecisionStore(options: DecisionStoreOptions): DecisionStore {
  const { config, document: doc, window: win, now } = options;
  const name = config.cookie.name;
  let raw = options.initial ? options.initial.raw : readCookie(doc, name);
  const initial = options.initial?.stored ?? interpretDecision(raw, config, now());
  let current: Decision | null = initial.status === 'valid' ? initial.decision : null;
  let known: Decision | null = initial.status === 'none' ? null : initial.decision;
  const listeners = new Set<DecisionListener>();
  /** Counts what set `raw`, so an asynchronous answer that something newer overtook is dropped. */
  let generation = 0;

  /** Takes a cookie value written elsewhere; listeners hear only about a change of the decision in force. */
  const adopt = (value: string | undefined) => {
    generation++;
    if (value === raw) return;
    raw = value;
    const stored = interpretDecision(value, config, now());
    const previous = current;
    current = stored.status === 'valid' ? stored.decision : null;
    known = stored.status === 'none' ? null : stored.decision;
    if (same(previous, current)) return;
    for (const listener of [...listeners]) listener(current, previous);
  };
  const refresh = () => adopt(readCookie(doc, name));
  const cookieStore = (win as { cookieStore?: CookieStoreLike }).cookieStore;
  /**
   * Whether a change was missed, where nothing has to wait for the answer: a read of `document.cookie` after any
   * cookie changed is a synchronous round trip to the browser on the main thread, which `cookieStore` answers
   * without blocking. Where it is missing, the cookie is read.
   */
  const catchUp = () => {
    if (typeof cookieStore?.get !== 'function') return refresh();
    const asked = generation;
    // A value that does not decode, or no answer (an opaque origin), is settled by reading the cookie.
    cookieStore
      .get(name)
      .then((cookie) => asked === generation && adopt(cookie ? decodeURIComponent(cookie.value ?? '') : undefined))
      .catch(refresh);
  };
  /** Only a change of this cookie is worth a read: other cookies (an analytics id) change on many pages. */
  const onCookieChange = (event: Event) => {
    // An event that does not say which cookies changed counts as a change of this one.
    const { changed = [{ name }], deleted = [] } = event as CookieChange;
    if ([...changed, ...deleted].some((cookie) => cookie.name === name)) refresh();
  };

  // The message carries the cookie value itself: a tab in another process may read a stale cookie for a moment.
  const onMessage = (event: MessageEvent) => {
    const value: unknown = event.data;
    if (value === null || typeof value === 'string') adopt(value ?? undefined);
  };
  let channel: BroadcastChannel | undefined;
  const openChannel = () => {
    if (channel || typeof win.BroadcastChannel !== 'function') return;
    channel = new win.BroadcastChannel(`samtykke:${name}`);
    channel.addEventListener('message', onMessage);
  };
  // A closed channel delivers nothing more: no listener to remove.
  const closeChannel = () => {
    channel?.close();
    channel = undefined;
  };
  openChannel();
  // A message reaching a page in the back/forward cache evicts it (Chromium: "broadcastchannel-message"), so a
  // decision in another tab would cost every cached page its instant return. The channel sleeps while the page is
  // hidden away; the cookie, read again on pageshow, has whatever was said meanwhile.
  // A page restored from the cache has its answer at once, before its scripts go on; an ordinary load's first
  // pageshow, a tab coming back or into focus only check for a change the channel and the change event missed (one
  // made between the loader's read and this store's start, or where the browser has no `cookieStore`).
  const onPageShow = (event: Event) => {
    openChannel();
    if ((event as PageTransitionEvent).persisted) refresh();
    else catchUp();
  };
  const onVisible = () => {
    if (doc.visibilityState !== 'hidden') catchUp();
  };
  win.addEventListener('pagehide', closeChannel);
  win.addEventListener('pageshow', onPageShow);
  win.addEventListener('focus', catchUp);
  doc.addEventListener('visibilitychange', onVisible);
  cookieStore?.addEventListener?.('change', onCookieChange);

  return {
    get: () => current,
    lastKnown: () => known,
    initial,
    commit(next) {
      // What the jar really holds now: with cookies disabled the page still follows the choice until it leaves.
      raw = readCookie(doc, name);
      generation++;
      current = next;
      known = next;
      try {
        channel?.postMessage(raw ?? null);
      } catch {
        // A closed channel (the page is being torn down) has no one left to tell.
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    stop() {
      listeners.clear();
      closeChannel();
      win.removeEventListener('pagehide', closeChannel);
      win.removeEventListener('pageshow', onPageShow);
      win.removeEventListener('focus', catchUp);
      doc.removeEventListener('visibilitychange', onVisible);
      cookieStore?.removeEventListener?.('change', onCookieChange);
    },
  };
}
