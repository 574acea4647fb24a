/**
 * Writing the decision cookie: only the runtime decides, so this stays out of the critical loader, which only
 * reads it (`cookie.ts`).
 */
import type { Decision } from '../types.js';
import { COOKIE_VERSION, type CookieJar, EXPIRED_GRACE_DAYS, FIELD, LIST } from './cookie.js';
import type { DecisionStore } from './decision-store.js';
import type { NormalizedConfig } from './normalized.js';
import { WAITING_SUFFIX } from './own-storage.js';

const DAY = 86_400_000;

/** The compact cookie value for a decision: `1|id|revision|decidedAt|expiresAt|granted~…|services~…|gpc`. */
export function encodeDecision(decision: Decision): string {
  return [
    COOKIE_VERSION,
    decision.consentId,
    decision.revision,
    decision.decidedAt.toString(36),
    decision.expiresAt.toString(36),
    decision.granted.join(LIST),
    decision.services.join(LIST),
    decision.gpc ? '1' : '0',
  ].join(FIELD);
}

function attributes(config: NormalizedConfig, maxAgeSeconds: number, secure: boolean): string {
  const { domain, path, sameSite } = config.cookie;
  return `; Max-Age=${maxAgeSeconds}; Path=${path}${domain ? `; Domain=${domain}` : ''}; SameSite=${sameSite}${secure ? '; Secure' : ''}`;
}

/** Writes the decision cookie; `Secure` on https. */
export function writeDecision(jar: CookieJar, config: NormalizedConfig, decision: Decision, secure: boolean): void {
  const maxAge = Math.round((decision.expiresAt - decision.decidedAt) / 1000) + EXPIRED_GRACE_DAYS * 86_400;
  jar.cookie = `${config.cookie.name}=${encodeURIComponent(encodeDecision(decision))}${attributes(config, maxAge, secure)}`;
}

/** Removes the decision cookie. */
export function clearDecision(jar: CookieJar, config: NormalizedConfig, secure: boolean): void {
  jar.cookie = `${config.cookie.name}=${attributes(config, 0, secure)}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}

/**
 * Writes the marker of waiting receipts (`own-storage.ts`, WAITING_SUFFIX) with the decision cookie's attributes and
 * lifetime: `1` while something may wait, `0` once nothing does; `null` removes it.
 */
export function writeWaiting(jar: CookieJar, config: NormalizedConfig, waiting: boolean | null, secure: boolean): void {
  const maxAge = waiting === null ? 0 : (config.cookie.maxAgeDays + EXPIRED_GRACE_DAYS) * 86_400;
  jar.cookie = `${config.cookie.name}${WAITING_SUFFIX}=${waiting ? 1 : 0}${attributes(config, maxAge, secure)}`;
}

/** When a decision made now stops being valid. */
export function expiryFor(config: NormalizedConfig, now: number): number {
  return now + config.cookie.maxAgeDays * DAY;
}

/** Stores a new decision (cookie first, `Secure` on https) and tells other tabs; null forgets it, consent id included. */
export function saveDecision(
  store: DecisionStore,
  jar: CookieJar,
  config: NormalizedConfig,
  next: Decision | null,
  secure: boolean,
): void {
  if (next) writeDecision(jar, config, next, secure);
  else clearDecision(jar, config, secure);
  store.commit(next);
}
