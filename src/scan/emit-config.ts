import { findVendor } from '../core/index.js';
import { matchesPattern } from './site.js';
import type { CookieFinding, ScanReport } from './types.js';

type SkeletonService =
  | string
  | { id: string; name?: string; hosts?: string[]; cookies?: Array<{ name: string; expiry: string }> };

/**
 * A config skeleton from a scan (`--emit-config`): every service found, in its category, with the cookies seen
 * for the declaration. Catalogue vendors are named by id (their data comes built in); an unknown third-party
 * host, and the site's own unknown cookies, become services under `marketing`, the strictest choice, for the
 * owner to name and move.
 * Returns the `categories` part of a samtykke config.
 */
export function emitConfig(report: ScanReport): { categories: Record<string, { services: SkeletonService[] }> } {
  const cookies = report.pages.flatMap((page) => page.cookies);
  const now = Date.parse(report.finishedAt);
  const categories: Record<string, { services: SkeletonService[] }> = {};
  const add = (category: string, service: SkeletonService) => {
    categories[category] ??= { services: [] };
    const list = (categories[category] as { services: SkeletonService[] }).services;
    const id = typeof service === 'string' ? service : service.id;
    if (!list.some((known) => (typeof known === 'string' ? known : known.id) === id)) list.push(service);
  };
  for (const vendor of report.vendors) {
    if (vendor.status === 'own' || vendor.status === 'site') continue;
    const found = declarations(
      now,
      cookies.filter(
        (cookie) =>
          cookie.service === vendor.id ||
          (vendor.status === 'unknown' && cookie.status === 'unknown' && sameHost(cookie.domain, vendor.hosts)),
      ),
    );
    const builtIn = findVendor(vendor.id);
    if (builtIn) {
      const extra = found.filter((cookie) => !builtIn.cookies.some((known) => matchesPattern(cookie.name, known.name)));
      add(vendor.category ?? builtIn.category, extra.length ? { id: vendor.id, cookies: extra } : vendor.id);
    } else if (vendor.status === 'unknown') {
      add('marketing', {
        id: vendor.id.replace(/[^a-z0-9]+/gi, '-').toLowerCase(),
        name: vendor.name,
        hosts: vendor.hosts,
        ...(found.length ? { cookies: found } : {}),
      });
    } else {
      add(vendor.category ?? 'marketing', { id: vendor.id, ...(found.length ? { cookies: found } : {}) });
    }
  }
  const firstParty = declarations(
    now,
    cookies.filter((cookie) => cookie.status === 'unknown' && cookie.party === 'first'),
  );
  // Not `necessary`: only the owner can vouch for that, so the skeleton asks for consent until they do.
  if (firstParty.length)
    add('marketing', { id: 'site-cookies', name: 'Cookies of the site itself (check each one)', cookies: firstParty });
  return { categories };
}

function sameHost(domain: string, hosts: readonly string[]): boolean {
  const bare = domain.replace(/^\./, '');
  return hosts.some((host) => host === bare || host.endsWith(`.${bare}`));
}

/** One declaration per cookie name, with its lifetime as an ISO 8601 duration in days (or `session`). */
function declarations(now: number, cookies: readonly CookieFinding[]): Array<{ name: string; expiry: string }> {
  const byName = new Map<string, string>();
  for (const cookie of cookies) {
    if (byName.has(cookie.name)) continue;
    if (cookie.expires === 'session') byName.set(cookie.name, 'session');
    else {
      const days = Math.max(1, Math.round((Date.parse(cookie.expires) - now) / 86_400_000));
      byName.set(cookie.name, `P${days}D`);
    }
  }
  return [...byName].map(([name, expiry]) => ({ name, expiry }));
}
