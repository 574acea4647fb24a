/**
 * Clean-up after a withdrawal: the withdrawn services' cookies and storage keys. A cookie is only removed by
 * writing it again with the same name, domain and path, and `document.cookie` does not tell which domain or path
 * a cookie has, so every variant it may live on is expired: host-only, each parent domain down to two labels
 * (GA's `.fjordkaffe.test`; a public suffix such as `.co.uk` is refused by the browser, harmlessly), and path `/`
 * plus every prefix of the current path. HttpOnly cookies and cookies on the vendor's own domain are out of
 * reach of page scripts.
 */
import { type NormalizedConfig, VENDORS } from '../../core/index.js';

interface Traces {
  cookies: ReadonlyArray<{ name: string }>;
  storageKeys: readonly string[];
}

/** `_ga_*` → a test for names; `*` is any run of characters. */
export function namePattern(patterns: readonly string[]): (name: string) => boolean {
  if (!patterns.length) return () => false;
  const source = patterns.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')).join('|');
  const regex = new RegExp(`^(?:${source})$`);
  return (name) => regex.test(name);
}

/** The traces of these services: declared ones as configured, built-in vendors the owner did not list from the catalogue. */
export function tracesOf(config: NormalizedConfig, services: readonly string[]): Traces[] {
  const configured = config.categories.flatMap((category) => category.services);
  const known = new Set(configured.map((service) => service.id));
  const wanted = new Set(services);
  return [
    ...configured.filter((s) => wanted.has(s.id)),
    ...VENDORS.filter((v) => !known.has(v.id) && wanted.has(v.id)),
  ];
}

/** Every `domain=` value a cookie of this host may have been set with (`undefined`: host-only). */
export function cookieDomains(hostname: string): Array<string | undefined> {
  const labels = hostname.split('.');
  const domains: Array<string | undefined> = [undefined];
  if (/^[\d.]+$|:/.test(hostname)) return domains;
  for (let i = 0; i <= labels.length - 2; i++) domains.push(`.${labels.slice(i).join('.')}`);
  return domains;
}

/** `/a/b/c` → `/`, `/a`, `/a/`, `/a/b`, `/a/b/`, `/a/b/c`. */
export function cookiePaths(pathname: string): string[] {
  const paths = new Set(['/']);
  let prefix = '';
  for (const part of pathname.split('/').slice(1)) {
    if (!part) continue;
    prefix += `/${part}`;
    paths.add(prefix);
    paths.add(`${prefix}/`);
  }
  return [...paths];
}

/**
 * Deletes the services' cookies on every variant and their storage keys; returns the cookie names removed. A name
 * that one of `kept` (services still allowed) also uses stays: Google Analytics and Universal Analytics share `_ga`.
 */
export function clearTraces(doc: Document, services: readonly Traces[], kept: readonly Traces[] = []): string[] {
  const cookieMatches = namePattern(services.flatMap((s) => s.cookies.map((cookie) => cookie.name)));
  const keyMatches = namePattern(services.flatMap((s) => s.storageKeys));
  const keepCookie = namePattern(kept.flatMap((s) => s.cookies.map((cookie) => cookie.name)));
  const keepKey = namePattern(kept.flatMap((s) => s.storageKeys));
  const names = doc.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]?.trim() ?? '')
    .filter((name) => name && cookieMatches(name) && !keepCookie(name));
  const { hostname, pathname } = doc.location ?? { hostname: '', pathname: '/' };
  for (const name of new Set(names)) {
    for (const domain of cookieDomains(hostname)) {
      for (const path of cookiePaths(pathname)) {
        doc.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${path}${domain ? `; domain=${domain}` : ''}`;
      }
    }
  }
  const win = doc.defaultView;
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    try {
      const storage = win?.[area];
      if (!storage) continue;
      for (const key of Object.keys(storage)) if (keyMatches(key) && !keepKey(key)) storage.removeItem(key);
    } catch {
      // Storage can be disabled or throw in sandboxed frames; there is nothing to remove then.
    }
  }
  return names;
}
