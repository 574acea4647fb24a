import { createMatcher } from '../blocker/rules.js';
import { type NormalizedConfig, normalizeConfig, VENDORS } from '../core/index.js';
import { WAITING_SUFFIX } from '../core/own-storage.js';
import { matchesPattern, sameSite } from './site.js';

/**
 * What a finding is, measured against the site's samtykke config and the built-in catalogue:
 * - `own`: samtykke's own decision cookie and ledger storage;
 * - `necessary`: declared by the owner in the necessary category;
 * - `declared`: declared in a category that needs consent;
 * - `undeclared`: a vendor the catalogue knows that the config does not list;
 * - `unknown`: neither declared nor in the catalogue;
 * - `site`: a request to the site itself that no rule covers (its own pages, scripts, images).
 */
export type FindingStatus = 'own' | 'necessary' | 'declared' | 'undeclared' | 'unknown' | 'site';

export interface Classification {
  status: FindingStatus;
  /** Service id (a configured service or a catalogue vendor). */
  service?: string;
  /** The category it is declared in, or the catalogue's default category for an undeclared vendor. */
  category?: string;
}

export interface Classifier {
  request(url: string, pageUrl: string): Classification;
  cookie(name: string): Classification;
  storage(key: string): Classification;
  /** Whether a classification may happen before consent. */
  allowedBeforeConsent(classification: Classification): boolean;
  /** The services the config declares, by id, with their category. */
  declared: ReadonlyMap<string, string>;
}

const NECESSARY = 'necessary';

/**
 * Builds the classifier of one site. Without a config (a site without samtykke) nothing is declared, so
 * every vendor is undeclared and every other tracker unknown. URL rules are the blocker's own matcher, so
 * the scanner and the blocker cannot disagree on what a URL belongs to.
 */
export function createClassifier(config: NormalizedConfig | undefined, siteHost: string): Classifier {
  const declared = new Map<string, string>();
  const cookies: Array<[string, string, string]> = [];
  const storage: Array<[string, string, string]> = [];
  for (const category of config?.categories ?? []) {
    for (const service of category.services) {
      declared.set(service.id, category.id);
      for (const cookie of service.cookies) cookies.push([cookie.name, service.id, category.id]);
      for (const key of service.storageKeys) storage.push([key, service.id, category.id]);
    }
  }
  const vendorCookies = VENDORS.flatMap((vendor) =>
    vendor.cookies.map((cookie): [string, string, string] => [cookie.name, vendor.id, vendor.category]),
  );
  const vendorStorage = VENDORS.flatMap((vendor) =>
    vendor.storageKeys.map((key): [string, string, string] => [key, vendor.id, vendor.category]),
  );
  let base = `https://${siteHost}/`;
  // Without a config, the defaults: nothing declared, so the matcher knows only the catalogue.
  const matcher = createMatcher(config ?? normalizeConfig(undefined), () => base);

  const status = (service: string | undefined, category: string): Classification => {
    if (service !== undefined && !declared.has(service)) return { status: 'undeclared', service, category };
    const result: Classification = { status: category === NECESSARY ? 'necessary' : 'declared', category };
    if (service !== undefined) result.service = service;
    return result;
  };
  const byName = (
    name: string,
    own: boolean,
    owned: ReadonlyArray<[string, string, string]>,
    known: ReadonlyArray<[string, string, string]>,
  ): Classification => {
    if (own) return { status: 'own', category: NECESSARY };
    const hit = owned.find(([pattern]) => matchesPattern(name, pattern));
    if (hit) return status(hit[1], hit[2]);
    const vendor = known.find(([pattern]) => matchesPattern(name, pattern));
    if (vendor) return { status: 'undeclared', service: vendor[1], category: vendor[2] };
    return { status: 'unknown' };
  };
  const cookieName = config?.cookie.name ?? 'samtykke';

  return {
    declared,
    request(url, pageUrl) {
      base = pageUrl;
      let host: string;
      try {
        host = new URL(url, pageUrl).hostname;
      } catch {
        return { status: 'unknown' };
      }
      const match = matcher(url);
      if (match) return status(match.service, match.category);
      return sameSite(host, siteHost) ? { status: 'site' } : { status: 'unknown' };
    },
    cookie: (name) => byName(name, name === cookieName || name === cookieName + WAITING_SUFFIX, cookies, vendorCookies),
    storage: (key) => byName(key, config !== undefined && /^samtykke/.test(key), storage, vendorStorage),
    allowedBeforeConsent: (classification) =>
      classification.status === 'own' || classification.status === 'necessary' || classification.status === 'site',
  };
}
