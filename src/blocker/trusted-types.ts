/**
 * Trusted Types. Under `Content-Security-Policy: require-trusted-types-for 'script'` the browser refuses a
 * string at every HTML and script sink (`innerHTML`, `document.write`, `script.src`, `script.text`, …) unless a
 * policy made it into a `TrustedHTML` / `TrustedScriptURL` / `TrustedScript` (or the page's `default` policy
 * converts it). The blocker sits between page code and those sinks, so it keeps the page's trust intact:
 *
 * - a trusted value that needs no rewriting reaches the browser as the very object the page passed;
 * - markup the page had trusted and the blocker rewrote (a tracker's `src` moved to `data-src`) is re-wrapped
 *   by samtykke's own policy, `samtykke`: the rewrite only takes URLs away, so it adds nothing to trust;
 * - a string stays a string, so the page's `default` policy (or the browser's refusal) still decides — the
 *   policy never turns a page's string into trusted markup;
 * - samtykke's own script insertions (its UI and ledger files, released scripts whose URL the release check
 *   passed, owner-marked inline scripts) go through the policy.
 *
 * The owner allows the policy with `trusted-types samtykke` next to their own policy names. The policy object
 * never leaves this module's closure, and it is created once per window, as early as the loader runs: without
 * `'allow-duplicates'` a second `createPolicy('samtykke')` throws, so page code cannot take the name first.
 * Without Trusted Types (other browsers, no such CSP) every function returns its argument.
 */

/** The browser's trusted value types, opaque here: they only stringify to what they carry. */
export type TrustedValue = object;

/**
 * What samtykke hands to Trusted Types sinks in one window: its markup (its own, or rewritten from markup the
 * page had trusted), an owner-marked inline script's text, and the script URLs it loads or released after its
 * checks. Shaped like the browser's policy, which it is when there is one.
 */
export interface TrustedSinks {
  createHTML(markup: string): string | TrustedValue;
  createScript(code: string): string | TrustedValue;
  createScriptURL(url: string): string | TrustedValue;
}
interface Factory {
  createPolicy(name: string, rules: TrustedSinks): TrustedSinks;
  isHTML(value: unknown): boolean;
  isScriptURL(value: unknown): boolean;
}

export const POLICY_NAME = 'samtykke';

const byWindow = new WeakMap<Window, TrustedSinks>();
const factoryOf = (win: Window) => (win as unknown as { trustedTypes?: Factory }).trustedTypes;

/** Whether `value` is a TrustedHTML or TrustedScriptURL, the values the patched sinks take (creates no policy). */
export function isTrusted(win: Window, value: unknown): boolean {
  const factory = factoryOf(win);
  return Boolean(factory && typeof value === 'object' && (factory.isHTML(value) || factory.isScriptURL(value)));
}

/** The sinks of `win`, creating the `samtykke` policy on first use; without one, strings. */
export function trustedSinks(win: Window): TrustedSinks {
  let sinks = byWindow.get(win);
  if (!sinks) {
    const same = (input: string) => input;
    sinks = { createHTML: same, createScript: same, createScriptURL: same };
    try {
      sinks = factoryOf(win)?.createPolicy(POLICY_NAME, sinks) ?? sinks;
    } catch {
      // The page's CSP names its policies without ours: the strings go on, and a page that also requires Trusted
      // Types refuses them — so say what to add.
      console.warn(`samtykke: add "trusted-types ${POLICY_NAME}" to the page's Content-Security-Policy`);
    }
    byWindow.set(win, sinks);
  }
  return sinks;
}
