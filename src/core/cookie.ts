import type { Decision } from '../types.js';
import { SERVICE_ID, UUID } from './formats.js';
import type { NormalizedConfig } from './normalized.js';

/** Version of the cookie layout; anything else reads as "no decision". */
export const COOKIE_VERSION = '1';
export const FIELD = '|';
export const LIST = '~';
/**
 * The cookie outlives the decision by this much, so an expired decision can still be read, recorded as
 * `expired` and keep its consent id, instead of vanishing silently with the cookie.
 */
export const EXPIRED_GRACE_DAYS = 30;
/** Clocks drift; a decision a little in the future is tolerated, more is forged or broken. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Where cookies are read and written; `document` in the browser, a fake in tests. */
export interface CookieJar {
  cookie: string;
}

/** What the stored cookie says. */
export type StoredDecision =
  | { status: 'none' }
  | { status: 'valid'; decision: Decision }
  /** Past `expiresAt`: ask again, record an `expired` receipt. */
  | { status: 'expired'; decision: Decision }
  /** Made under another config revision: ask again. */
  | { status: 'outdated'; decision: Decision };

/** Parses a cookie value defensively: anything malformed, of another version or from the future is `null`. */
export function decodeDecision(value: string, now: number): Decision | null {
  const fields = value.split(FIELD);
  if (fields.length !== 8 || fields[0] !== COOKIE_VERSION) return null;
  const [, consentId = '', revisionText = '', decidedText = '', expiresText = '', grantedText = '', servicesText = ''] =
    fields;
  const revision = /^\d{1,7}$/.test(revisionText) ? Number(revisionText) : Number.NaN;
  const decidedAt = parseBase36(decidedText);
  const expiresAt = parseBase36(expiresText);
  const granted = splitIds(grantedText);
  const services = splitIds(servicesText);
  const gpc = fields[7];
  if (!UUID.test(consentId) || Number.isNaN(revision) || !granted || !services) return null;
  if (!(decidedAt > 0 && expiresAt > decidedAt) || decidedAt > now + CLOCK_SKEW_MS) return null;
  if (gpc !== '0' && gpc !== '1') return null;
  if (!granted.includes('necessary')) granted.unshift('necessary');
  return { consentId, revision, decidedAt, expiresAt, granted, services, gpc: gpc === '1' };
}

function parseBase36(text: string): number {
  return /^[0-9a-z]{1,11}$/.test(text) ? Number.parseInt(text, 36) : Number.NaN;
}

function splitIds(text: string): string[] | null {
  if (text === '') return [];
  const ids = text.split(LIST);
  return ids.every((id) => SERVICE_ID.test(id)) ? ids : null;
}

/** Reads one cookie's raw value, or undefined. */
export function readCookie(jar: CookieJar, name: string): string | undefined {
  for (const pair of jar.cookie.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Reads the visitor's stored decision and says whether it still holds under this config. */
export function readDecision(jar: CookieJar, config: NormalizedConfig, now: number): StoredDecision {
  return interpretDecision(readCookie(jar, config.cookie.name), config, now);
}

/** What a raw cookie value (undefined: no cookie) says under this config. */
export function interpretDecision(raw: string | undefined, config: NormalizedConfig, now: number): StoredDecision {
  const decision = raw === undefined ? null : decodeDecision(raw, now);
  if (!decision) return { status: 'none' };
  if (decision.expiresAt <= now) return { status: 'expired', decision };
  if (decision.revision !== config.revision) return { status: 'outdated', decision };
  // Categories the config no longer offers cannot stay granted.
  const offered = new Set(config.categories.map((c) => c.id));
  return { status: 'valid', decision: { ...decision, granted: decision.granted.filter((id) => offered.has(id)) } };
}
