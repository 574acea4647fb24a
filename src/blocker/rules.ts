/**
 * Rules as data: URL → service → category. Patterns (`ServiceConfig.hosts`, `RuleConfig.pattern`) are a host
 * (`static.hotjar.com`), `*.host` (subdomains and the host itself) or a host plus path prefix
 * (`www.google.com/maps`; the prefix is matched against path + query, so `gtag/js?id=AW-` works).
 */
import { type NormalizedConfig, VENDOR_HOSTS } from '../core/index.js';
import { canonicalHost, withoutRootDot } from './host.js';

/** What a URL belongs to. */
export interface RuleMatch {
  category: string;
  service?: string;
}

/** Looks up the rule for a URL; `undefined` when no rule covers it. */
export type Matcher = (url: string) => RuleMatch | undefined;

interface Entry {
  path: string;
  wildcard: boolean;
  /** Tier (owner rule > configured service > built-in) first, then the longer path. */
  rank: number;
  match: RuleMatch;
}

/**
 * Builds the matcher once per config: patterns are split into a host table, so a lookup is one URL parse and
 * a walk up the host's labels, no regular expressions.
 * @param base the URL relative URLs resolve against (the document's base URL).
 * @param skip service ids that are never held (Google's tags in Consent Mode's advanced mode).
 */
export function createMatcher(
  config: NormalizedConfig,
  base: () => string,
  skip: ReadonlySet<string> = new Set(),
): Matcher {
  const byHost = new Map<string, Entry[]>();
  const add = (pattern: string, tier: number, match: RuleMatch) => {
    if (match.service && skip.has(match.service)) return;
    const wildcard = pattern.startsWith('*.');
    const bare = wildcard ? pattern.slice(2) : pattern;
    const slash = bare.indexOf('/');
    const host = canonicalHost(slash < 0 ? bare : bare.slice(0, slash));
    const path = slash < 0 ? '' : bare.slice(slash);
    const list = byHost.get(host) ?? [];
    list.push({ path, wildcard, rank: tier * 10_000 + path.length, match });
    byHost.set(host, list);
  };
  // Only the owner's own list ranks as configured: a vendor listed for it (`implicit`) keeps the built-ins' tier,
  // under the same category.
  const configured = new Map<string, string>();
  for (const category of config.categories) {
    for (const service of category.services) if (!service.implicit) configured.set(service.id, category.id);
  }
  // A built-in vendor the owner did not list stays held under its default category: if that category is not
  // offered, it is never allowed.
  for (const vendor of VENDOR_HOSTS) {
    if (configured.has(vendor.id)) continue;
    for (const pattern of vendor.hosts) add(pattern, 1, { category: vendor.category, service: vendor.id });
  }
  for (const category of config.categories) {
    for (const service of category.services) {
      if (service.implicit) continue;
      for (const pattern of service.hosts) add(pattern, 2, { category: category.id, service: service.id });
    }
  }
  for (const rule of config.blocking.rules) {
    const category = rule.category ?? (rule.service && configured.get(rule.service)) ?? '';
    add(rule.pattern, 3, rule.service ? { category, service: rule.service } : { category });
  }

  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url, base());
    } catch {
      return undefined;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    const target = parsed.pathname + parsed.search;
    let best: Entry | undefined;
    // A pattern with a port (`localhost:8080/x`) matches only that port; one without matches any.
    let host = withoutRootDot(parsed.hostname);
    if (parsed.port) {
      for (const entry of byHost.get(`${host}:${parsed.port}`) ?? []) {
        if (target.startsWith(entry.path) && (!best || entry.rank > best.rank)) best = entry;
      }
    }
    for (let exact = true; host; exact = false) {
      for (const entry of byHost.get(host) ?? []) {
        if ((exact || entry.wildcard) && target.startsWith(entry.path) && (!best || entry.rank > best.rank)) {
          best = entry;
        }
      }
      const dot = host.indexOf('.');
      host = dot < 0 ? '' : host.slice(dot + 1);
    }
    return best?.match;
  };
}
