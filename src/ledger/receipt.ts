import { localize } from '../core/localized.js';
import type { NormalizedCategory, NormalizedConfig } from '../core/normalized.js';
import { VERSION } from '../core/version.js';
import type {
  ConsentModeState,
  ConsentType,
  Decision,
  DecisionAction,
  Receipt,
  ReceiptPurpose,
  ReceiptState,
} from '../types.js';
import { computeReceiptHash, hashCanonical, type Sha256, sha256 } from './hash.js';

export { canonicalize } from './canonical.js';

/** Library name and version written into every receipt's `notice.library`: the package version, set at build time. */
export const LIBRARY = `samtykke@${VERSION}`;

/**
 * What the visitor was shown: the language and every text this page rendered before the choice (first layer,
 * preferences, declaration, embed placeholders; see core/shown-notice.ts), keyed as the UI names them.
 */
export interface NoticeShown {
  language: string;
  texts: Record<string, string>;
}

/** One decision event, as the composition root reports it to the ledger. */
export interface RecordInput {
  decision: Decision;
  previous: Decision | null;
  state: ReceiptState;
  action: DecisionAction;
  layer: 0 | 1 | 2;
  /** The texts the UI rendered; null (no UI involved) records language `und` and the hash of null. */
  notice: NoticeShown | null;
  consentMode: ConsentModeState | null;
  gpcApplied: 'none' | 'pre-refused-marketing';
  /** On a withdrawal, what it withdrew (the decision rules' `withdrawn`); it goes into `event.withdrawn`. */
  withdrawn?: { categories: string[]; services: string[] };
}

/** Everything outside the event that a receipt needs; injected so building stays pure. */
export interface ReceiptContext {
  config: NormalizedConfig;
  /** Epoch milliseconds of creation. */
  now: number;
  receiptId: string;
  configHash: string;
  textHash: string;
  /** `receiptHash` of the previous receipt for this consent id, or null. */
  previousHash: string | null;
  page: { origin: string; path: string };
  userAgent: string;
  /** @default Web Crypto, else the built-in SHA-256 */
  hash?: Sha256;
}

/**
 * The facts behind what the visitor was shown, as the config decides them, free of language: categories and their
 * services (who provides and receives the data, where, for how long, which cookies with their ISO 8601 lifetimes),
 * the controller, the policy (version and links), the revision, the jurisdiction, the cookie samtykke itself sets,
 * and how the banner behaves. Everything worded is left out, the owner's text overrides and the category, service
 * and cookie texts in every language: the words the visitor read, in the one language they read them, are the
 * other document (`notice.textHash`), as rendered. Deployment is left out too: the per-response CSP nonce, where the
 * files and the endpoint live, blocking rules and hosts, Consent Mode wiring, the language settings. So the same
 * notice has the same hash on every page view, and an owner can publish one document per hash.
 */
export function noticeView(config: NormalizedConfig) {
  return {
    format: 'samtykke-notice/2',
    revision: config.revision,
    jurisdiction: config.jurisdiction,
    controller: config.controller,
    policy: config.policy,
    categories: config.categories.map(({ id, required, services }) => ({
      id,
      required,
      services: services.map(({ hosts: _hosts, purpose: _purpose, cookies, ...service }) => ({
        ...service,
        cookies: cookies.map(({ purpose: _text, ...cookie }) => cookie),
      })),
    })),
    cookie: { name: config.cookie.name, maxAgeDays: config.cookie.maxAgeDays },
    ui: { layout: config.ui.layout, mustChoose: config.ui.mustChoose, floatingButton: config.ui.floatingButton },
    gpc: config.gpc,
  };
}

/** The notice document behind `notice.configHash`: see {@link noticeView}. */
export type NoticeView = ReturnType<typeof noticeView>;

/**
 * The notice hashes of a receipt: SHA-256 over the canonical (RFC 8785) notice view of the config (no nonce, no
 * file or endpoint URLs), and separately over the canonical map of texts rendered (`null` when no UI was
 * involved). An owner, or the ledger server, keeps `canonicalize(noticeView(config))` and `canonicalize(texts)`
 * so anyone can recompute both.
 */
export async function hashNotice(
  config: NormalizedConfig,
  notice: NoticeShown | null,
  hash: Sha256 = sha256,
): Promise<{ configHash: string; textHash: string }> {
  const [configHash, textHash] = await Promise.all([
    hashCanonical(noticeView(config), hash),
    hashCanonical(notice?.texts ?? null, hash),
  ]);
  return { configHash, textHash };
}

/**
 * Browser family and major version only (`Chrome 156`, `Firefox 128`, `Safari 18`, `Edge 140`),
 * else `Other`: enough to reproduce what was rendered, too little to fingerprint.
 */
export function uaFamily(userAgent: string): string {
  const match = (pattern: RegExp): string | undefined => pattern.exec(userAgent)?.[1];
  const edge = match(/\bEdg(?:e|A|iOS)?\/(\d+)/);
  if (edge) return `Edge ${edge}`;
  // Chromium derivatives that carry the Chrome token but are not Chrome.
  if (/\b(?:OPR|Opera|SamsungBrowser|YaBrowser|Vivaldi|UCBrowser)\//.test(userAgent)) return 'Other';
  const firefox = match(/\b(?:Firefox|FxiOS)\/(\d+)/);
  if (firefox) return `Firefox ${firefox}`;
  const chrome = match(/\b(?:Chrome|CriOS)\/(\d+)/);
  if (chrome) return `Chrome ${chrome}`;
  const safari = /\bSafari\//.test(userAgent) ? match(/\bVersion\/(\d+)/) : undefined;
  if (safari) return `Safari ${safari}`;
  return 'Other';
}

/** A policy link as the visitor saw it: the one of their language, picked as the banner picks it. */
function policyUrl(
  config: NormalizedConfig,
  key: 'privacyUrl' | 'cookiePolicyUrl',
  language: string,
): string | undefined {
  return localize(config.policy[key], language, config.language.default);
}

/**
 * How the visitor can withdraw, in words derived from the config (ISO 27560 `withdrawal_method`), naming the
 * cookie policy page of the language the visitor read.
 */
export function withdrawalMethod(config: NormalizedConfig, language = config.language.default): string {
  const ways: string[] = [];
  const cookiePolicyUrl = policyUrl(config, 'cookiePolicyUrl', language);
  if (config.ui.floatingButton !== false) ways.push(`the cookie settings button (${config.ui.floatingButton})`);
  if (cookiePolicyUrl) ways.push(`the cookie policy page ${cookiePolicyUrl}`);
  ways.push('any "Cookie settings" link on the site');
  const text = `Withdraw or change consent at any time through ${ways.join(', or ')}; withdrawing is as easy as consenting.`;
  return clip(text, 500);
}

/**
 * Build one receipt (DESIGN §7) and seal it with its `receiptHash`. Pure: time, ids, hashes, the
 * page and the user agent are all passed in.
 */
export async function buildReceipt(input: RecordInput, ctx: ReceiptContext): Promise<Receipt> {
  const { decision, state } = input;
  const { config } = ctx;
  const language = input.notice?.language || 'und';
  const texts = input.notice?.texts ?? {};
  // An expired decision is noticed by the system now, not when the visitor last decided.
  const eventTime = state === 'expired' ? ctx.now : decision.decidedAt;
  const controller = { ...config.controller, name: config.controller.name || hostOf(ctx.page.origin) };
  const expressedBy = state === 'expired' ? 'system' : input.action === 'signal' ? 'signal' : 'data-subject';
  const receipt: Receipt = {
    schemaVersion: 'samtykke-receipt/2',
    receiptId: ctx.receiptId,
    recordId: decision.consentId,
    createdAt: new Date(ctx.now).toISOString(),
    controller: stripUndefined(controller),
    jurisdiction: config.jurisdiction,
    notice: stripUndefined({
      policyVersion: config.policy.version,
      privacyUrl: policyUrl(config, 'privacyUrl', language),
      cookiePolicyUrl: policyUrl(config, 'cookiePolicyUrl', language),
      configRevision: config.revision,
      language,
      configHash: ctx.configHash,
      textHash: ctx.textHash,
      library: LIBRARY,
    }),
    purposes: config.categories.map((category) => purposeOf(category, decision, language, config, texts)),
    event: {
      state,
      time: new Date(eventTime).toISOString(),
      validUntil: new Date(decision.expiresAt).toISOString(),
      action: input.action,
      layer: input.layer,
      expressedBy,
      consentType: consentTypeOf(expressedBy, input.action),
      ...(state === 'withdrawn' && input.withdrawn
        ? { withdrawn: { categories: [...input.withdrawn.categories], services: [...input.withdrawn.services] } }
        : {}),
    },
    signals: { gpc: decision.gpc, gpcApplied: input.gpcApplied },
    consentMode: input.consentMode ? { ...input.consentMode } : null,
    context: {
      pageOrigin: clip(ctx.page.origin, 300),
      pagePath: clip(ctx.page.path.split(/[?#]/)[0] || '/', 2048),
      uaFamily: uaFamily(ctx.userAgent),
    },
    withdrawalMethod: withdrawalMethod(config, language),
    integrity: { canonicalization: 'JCS-RFC8785', receiptHash: '', previousHash: ctx.previousHash },
  };
  receipt.integrity.receiptHash = await computeReceiptHash(receipt, ctx.hash);
  return receipt;
}

function purposeOf(
  category: NormalizedCategory,
  decision: Decision,
  language: string,
  config: NormalizedConfig,
  texts: Record<string, string>,
): ReceiptPurpose {
  const granted = category.required || decision.granted.includes(category.id);
  return {
    id: category.id,
    // The title as rendered (the UI reports it among the texts), else the owner's in the language the UI would
    // have picked it in (the one fallback order of core/localized.ts), else the id.
    title: clip(
      texts[`categories.${category.id}.title`] ??
        localize(category.title, language, config.language.default) ??
        category.id,
      200,
    ),
    status: category.required ? 'not-applicable' : granted ? 'granted' : 'denied',
    lawfulBasis: category.required ? 'strictly-necessary' : 'consent',
    services: category.services.map((service) =>
      stripUndefined({
        id: service.id,
        name: clip(service.name, 200),
        provider: service.provider,
        status: granted || decision.services.includes(service.id) ? ('granted' as const) : ('denied' as const),
        recipient: service.recipient,
        thirdCountries: [...(service.thirdCountries ?? [])],
        retention: service.retention,
        cookies: service.cookies.map((cookie) => ({ name: cookie.name, expiry: cookie.expiry })),
        implicit: service.implicit,
        role: service.role,
        transfer: service.transfer,
        dataCategories: [...(service.dataCategories ?? [])],
      }),
    ),
  };
}

/**
 * The consent type of ISO/IEC TS 27560 (after W3C DPV): samtykke's own banner, preferences and placeholder
 * buttons do nothing but record the choice (and only for an input the browser marked trusted), so a choice there
 * is explicitly expressed; through the API, page code reports a choice made in a control samtykke cannot see;
 * a signal only ever refuses and an expiry is the system's, so neither is consent of any kind.
 */
function consentTypeOf(expressedBy: Receipt['event']['expressedBy'], action: DecisionAction): ConsentType {
  if (expressedBy !== 'data-subject') return 'not-applicable';
  return action === 'api' ? 'expressed' : 'explicitly-expressed';
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host || 'unknown';
  } catch {
    return 'unknown';
  }
}

// Optional fields are left out rather than set to undefined, so the stored object, its JSON and
// its canonical form all say the same thing.
function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = member;
  return out as T;
}
