/**
 * What markup may ask the blocker to turn live. `data-category` / `data-service` / `data-src` are plain data
 * attributes: HTML sanitizers keep them (DOMPurify allows every `data-*` by default and does not treat
 * `data-src` as a URL), so a visitor's comment can carry `<iframe data-category="necessary"
 * data-src="javascript:…">`. The claim is therefore only believed when the URL is http(s) and the rules put it
 * in the very category (or service) it claims. `necessary` is never released: it is always granted, so it is
 * the one claim that would act without any choice, and nothing necessary needs to be marked.
 */
import { NECESSARY } from '../../core/index.js';
import type { Matcher, RuleMatch } from '../rules.js';

/** What markup claims for a URL: its `data-category` (without the opt-out `!`) and `data-service`. */
export interface Claim {
  category: string;
  service?: string;
}

/**
 * The rule that lets `url` be released for `claim`, or the reason it may not be (`necessary`, `scheme`,
 * `unmatched`). `url` is `null` for an inline script: only its claim is judged. `ownOrigin` (scripts only): the
 * site's own files count as declared, because markup that may carry a `<script>` element already hands over
 * the page.
 */
export function checkClaim(
  url: string | null,
  claim: Claim,
  matcher: Matcher,
  base: string,
  ownOrigin?: string,
): RuleMatch | string {
  if (claim.category === NECESSARY) return 'necessary';
  if (url === null) return { ...claim };
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return 'scheme';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'scheme';
  const rule = matcher(parsed.href);
  if (!rule) return parsed.origin === ownOrigin ? { ...claim } : 'unmatched';
  const sameService = !claim.service || !rule.service || claim.service === rule.service;
  return rule.category === claim.category && sameService ? rule : 'unmatched';
}
