/**
 * Scripts and frames held back. A held element never gets its `src` attribute while held: a script without
 * `src` and without text does nothing when inserted (HTML "prepare the script element" returns before marking
 * it started), and a frame without `src` shows about:blank. So page code can insert, move or clone a held
 * element with appendChild/insertBefore/append/before/replaceWith… and nothing loads. Release sets the real
 * `src` on the same element: a connected script that gains a `src` is prepared then and runs, so the page's own
 * `onload` handlers still fire.
 */
import type { RuleMatch } from './rules.js';

export type HeldKind = 'script' | 'iframe';

export interface Held {
  element: HTMLScriptElement | HTMLIFrameElement;
  url: string;
  /**
   * The page's own TrustedScriptURL, which the element gets on release instead of `url` (Trusted Types). A
   * string the page gave goes on as a string, so the page's `default` policy still judges it.
   */
  value?: object;
  kind: HeldKind;
  /** The attribute that gets `url` on release: `src`, or `href` for an SVG script. */
  attribute: string;
  match: RuleMatch;
  /** The `type` attribute a parser-inserted script had before it was neutralised (`null`: none). */
  type?: string | null;
}

export interface HeldRegistry {
  add(held: Held): void;
  /**
   * Keeps a place in the order for an element the release code may hold once it is here (a frame the HTML marked,
   * which only it can verify): added then, it comes out where it arrived, not after what was held since.
   */
  reserve(element: Element): void;
  get(element: Element): Held | undefined;
  remove(element: Element): void;
  /** Every held element, in the order it was held. */
  list(): Held[];
}

/** Creates the registry of one blocker. */
export function createHeldRegistry(): HeldRegistry {
  // A Map keeps the position of a key set again: a reserved place (undefined) is filled where it stands.
  const byElement = new Map<Element, Held | undefined>();
  return {
    add: (held) => void byElement.set(held.element, held),
    reserve: (element) => void (byElement.has(element) || byElement.set(element, undefined)),
    get: (element) => byElement.get(element),
    remove: (element) => void byElement.delete(element),
    list: () => [...byElement.values()].filter((held) => held !== undefined),
  };
}

/** What the interception modules share: the verdict on a URL and the registry of held elements. */
export interface Gate {
  /** The rule that holds `url` back now (and reports it as blocked), or `undefined` when it may load. */
  check(url: string, kind: string): RuleMatch | undefined;
  /** Hold a script or frame whose `src` would load `url`. */
  hold(held: Held): void;
  held: HeldRegistry;
}
