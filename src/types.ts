/**
 * Public types of samtykke: the configuration a site owner writes, the decision the visitor makes,
 * the receipt that records it, and the events an instance emits.
 */

/** A text in one language, or per language (`{ en: 'Statistics', nb: 'Statistikk' }`). */
export type LocalizedText = string | Readonly<Record<string, string>>;

/** The category that is always granted and cannot be switched off. */
export type NecessaryCategory = 'necessary';
/** Built-in category ids; owners may add their own (lower-case letters, digits, `-` and `_`). */
export type BuiltInCategory = NecessaryCategory | 'statistics' | 'marketing' | 'preferences';
export type CategoryId = BuiltInCategory | (string & {});
/** The categories offered when a config names none. */
export type DefaultCategory = 'statistics' | 'marketing';

/** Ids of the services samtykke knows (`src/core/vendors.ts` is checked against this list). */
export type BuiltInServiceId =
  | 'google-analytics'
  | 'universal-analytics'
  | 'google-tag-manager'
  | 'google-ads'
  | 'hotjar'
  | 'meta-pixel'
  | 'linkedin-insight'
  | 'tiktok-pixel'
  | 'microsoft-clarity'
  | 'microsoft-uet'
  | 'matomo-cloud'
  | 'youtube'
  | 'vimeo'
  | 'google-maps';

/** A cookie (or name pattern) a service sets, for the declaration and for clean-up on withdrawal. */
export interface CookieDeclaration {
  /** Exact name, or a pattern with `*` for any characters (`_ga_*`). */
  name: string;
  /** How long it lives, as an ISO 8601 duration (`P2Y`, `P1D`, `PT30M`) or `session`. */
  expiry: string;
  /** What it is used for. */
  purpose?: LocalizedText;
  /** Set on the registrable domain so subdomains share it (as GA does). @default false */
  parentDomain?: boolean;
  /**
   * The domain that sets it when it is not your site's (`doubleclick.net`): a third-party cookie, which the
   * declaration says and the page cannot delete. @default your site (a first-party cookie)
   */
  domain?: string;
}

/** A vendor or tool inside a category. */
export interface ServiceConfig {
  /** Stable id (`google-analytics`). Built-in ids pull in the built-in data, which these fields override. */
  id: string;
  /** Display name. @default the built-in name, else the id */
  name?: string;
  /** Who provides it (`Google Ireland Ltd.`). */
  provider?: string;
  /** Why the site uses it. */
  purpose?: LocalizedText;
  /** Where the provider's privacy policy is. */
  privacyPolicyUrl?: string;
  /** Cookies it sets. */
  cookies?: CookieDeclaration[];
  /** localStorage / sessionStorage keys (patterns with `*`) removed on withdrawal. */
  storageKeys?: string[];
  /** Who receives the data (`Google LLC`). */
  recipient?: string;
  /** ISO 3166-1 alpha-2 codes of countries outside the EEA the data goes to. @default [] */
  thirdCountries?: string[];
  /** How long the provider keeps the data, ISO 8601 duration. */
  retention?: string;
  /**
   * What the recipient is to you: your `processor`, a `joint-controller` with you, or a `controller` of its own
   * (a third party). @default the built-in vendor's, else not stated
   */
  role?: RecipientRole;
  /**
   * On what ground the data may go to `thirdCountries` (GDPR Chapter V). @default the built-in vendor's, else not
   * stated
   */
  transfer?: TransferMechanism;
  /**
   * The kinds of personal data it receives, e.g. `online-identifier`, `device`, `usage`, `location` (see
   * docs/ledger.md). @default the built-in vendor's, else none stated
   */
  dataCategories?: string[];
  /**
   * URL patterns whose scripts, frames and requests belong to this service and are held until it
   * is allowed. A pattern is a host (`static.hotjar.com`), a host with `*.` for subdomains, or a host
   * plus path prefix (`www.google.com/maps`).
   */
  hosts?: string[];
}

/**
 * A recipient's role under GDPR Art. 4: processes the data for you (`processor`, Art. 28), decides with you
 * (`joint-controller`, Art. 26), or for its own purposes (`controller`, a third party to you).
 */
export type RecipientRole = 'processor' | 'joint-controller' | 'controller';

/**
 * The GDPR Chapter V ground for sending data outside the EEA: an adequacy decision (Art. 45; the EU–US Data
 * Privacy Framework for a certified recipient), standard contractual clauses or binding corporate rules (Art. 46,
 * 47), or a derogation such as explicit consent (Art. 49).
 */
export type TransferMechanism = 'adequacy' | 'scc' | 'bcr' | 'derogation';

/** A purpose the visitor decides on. */
export interface CategoryConfig {
  /** Title shown in the preferences. @default the built-in translated title for built-in ids */
  title?: LocalizedText;
  /** One or two sentences on what the category is for. @default the built-in translated text */
  description?: LocalizedText;
  /** Services in this category: a built-in id (`'hotjar'`) or a full definition. @default [] */
  services?: Array<BuiltInServiceId | ServiceConfig>;
}

/** Google Consent Mode v2 consent types. */
export type ConsentModeType =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage';

export type ConsentModeState = Record<ConsentModeType, 'granted' | 'denied'>;

export interface ConsentModeConfig {
  /** Send Consent Mode signals at all. @default true */
  enabled?: boolean;
  /**
   * `basic`: Google tags stay blocked until consent. `advanced`: they load at once with consent
   * denied and send cookieless pings. @default 'basic'
   */
  mode?: 'basic' | 'advanced';
  /** Milliseconds tags wait for the `update`. @default 500 */
  waitForUpdate?: number;
  /** Which consent types a granted category grants. @default statistics → analytics_storage; marketing → ad_* */
  mapping?: Partial<Record<string, ConsentModeType[]>>;
  /** Default for `personalization_storage` before a decision. @default 'denied' */
  personalizationStorage?: 'granted' | 'denied';
  /** Extra region-specific defaults (ISO 3166-2 codes), e.g. `[{ region: ['US'], granted: ['analytics_storage'] }]`. */
  regions?: Array<{ region: string[]; granted: ConsentModeType[] }>;
  /** `gtag('set', 'ads_data_redaction', …)` while ad_storage is denied. @default true */
  adsDataRedaction?: boolean;
  /** `gtag('set', 'url_passthrough', …)`. @default false */
  urlPassthrough?: boolean;
}

export interface CookieOptions {
  /** @default 'samtykke' */
  name?: string;
  /** Share the decision across subdomains by setting `.example.no`. @default the current host */
  domain?: string;
  /** @default '/' */
  path?: string;
  /** How long a decision (consent or refusal) is valid, in days. @default 182 (six months) */
  maxAgeDays?: number;
  /** @default 'Lax' */
  sameSite?: 'Lax' | 'Strict';
}

export interface ControllerInfo {
  /** Legal name (`Fjordkaffe AS`). */
  name: string;
  /** Organisation number (`NO 999 999 999 MVA`). */
  orgNo?: string;
  /** Contact e-mail or URL for privacy questions. */
  contact?: string;
  /** Postal address (`Storgata 1, 0155 Oslo, Norway`). */
  address?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  url?: string;
}

export interface PolicyInfo {
  /**
   * Link to the privacy policy, shown in the banner and the preferences: one for every language, or one per
   * language (`{ nb: '/personvern', en: '/en/privacy' }`), picked in the order the texts are
   * (the visitor's language, the other written Norwegian, `language.default`, English).
   */
  privacyUrl?: LocalizedText;
  /** Link to the cookie policy, shown like `privacyUrl`; one, or one per language. */
  cookiePolicyUrl?: LocalizedText;
  /** Human version label of the policy, recorded in every receipt. @default '1' */
  version?: string;
}

export type BannerLayout = 'bar' | 'box' | 'modal';
export type Corner = 'bottom-left' | 'bottom-right';

export interface UiOptions {
  /** @default 'bar' */
  layout?: BannerLayout;
  /** Render the first layer as a modal dialog the visitor must answer. @default false */
  mustChoose?: boolean;
  /** Floating "cookie settings" button after a decision; `false` hides it. @default 'bottom-left' */
  floatingButton?: Corner | false;
  /** URL of `samtykke-ui.js` for the script-tag loader. @default next to the loader script */
  src?: string;
  /** CSP nonce put on every script and style samtykke inserts. */
  nonce?: string;
  /**
   * Subresource Integrity hashes for the files the loader fetches later, by file name:
   * `{ 'samtykke-ui.nb.js': 'sha384-…', 'samtykke-ledger.js': 'sha384-…' }` (`samtykke copy-assets --integrity`
   * prints them). A file whose hash does not match is refused by the browser and the page stays blocked.
   */
  integrity?: Readonly<Record<string, string>>;
}

export interface LanguageOptions {
  /** Used when neither `<html lang>` nor the browser's languages are available. @default 'en' */
  default?: string;
  /** Always use this language. */
  force?: string;
}

/** Owner-defined blocking rule, in addition to the built-in ones. */
export interface RuleConfig {
  /** URL pattern, as in `ServiceConfig.hosts`. */
  pattern: string;
  /** The service it belongs to; its category is looked up from the config. */
  service?: string;
  /** The category, when no service is named. */
  category?: CategoryId;
}

export interface BlockingOptions {
  /** Hold scripts, frames and requests matching the built-in and custom rules. @default true */
  auto?: boolean;
  /** Extra rules. @default [] */
  rules?: RuleConfig[];
  /** Reload the page after a withdrawal, since code that already ran cannot be unloaded. @default true */
  reloadOnWithdraw?: boolean;
  /**
   * Built-in vendors the owner did not list in a category's `services` (Microsoft Clarity added by a tag manager):
   * `'hold'` keeps them blocked even when their category is granted, and warns once. `'release-with-category'`
   * lets each run when its catalogue category is granted; every such vendor is then listed in that category — in
   * the preferences, the cookie declaration (as not individually declared) and the receipt — so the visitor is told
   * before consenting. Declaring services one by one is still the better notice.
   * @default 'hold'
   */
  undeclaredVendors?: 'hold' | 'release-with-category';
}

export interface LedgerOptions {
  /** Where receipts are POSTed (`https://consent.example.no/receipts`). No endpoint: receipts stay local. */
  endpoint?: string;
  /** How many receipts the browser keeps. @default 100 */
  historyLimit?: number;
  /** Abort a delivery after this many milliseconds. @default 10000 */
  timeoutMs?: number;
}

/** Per-language text overrides: `{ nb: { bannerTitle: 'Vi bruker informasjonskapsler' } }`. */
export type TextOverrides = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** What a site owner passes to `createSamtykke()` or `window.samtykkeConfig`. */
export interface SamtykkeConfig<C extends string = string> {
  /** Bump when the purposes change materially: every visitor is asked again. @default 0 */
  revision?: number;
  /** Categories by id. `necessary` always exists; omitted built-ins are not offered. */
  categories?: { readonly [K in C]: CategoryConfig };
  controller?: ControllerInfo;
  policy?: PolicyInfo;
  /**
   * The law the site follows: an ISO 3166-1 alpha-2 code, `EU` or `EEA`.
   * @default from `controller.country`: `EU` in a member state, `EEA` in Norway, Iceland and Liechtenstein, else
   * the country code; `EU` without a country
   */
  jurisdiction?: string;
  cookie?: CookieOptions;
  language?: LanguageOptions;
  texts?: TextOverrides;
  ui?: UiOptions;
  blocking?: BlockingOptions;
  consentMode?: ConsentModeConfig;
  /** Honour Global Privacy Control by pre-refusing marketing. @default true */
  gpc?: boolean;
  ledger?: LedgerOptions;
}

/** How a decision was made. */
export type DecisionAction = 'accept-all' | 'reject-all' | 'save-selection' | 'withdraw' | 'api' | 'signal' | 'embed';

/** The visitor's current choice. */
export interface Decision {
  /** Random UUID, stable until the visitor erases their data; the receipts' `recordId`. */
  consentId: string;
  /** The config revision the decision was made under. */
  revision: number;
  /** Epoch milliseconds. */
  decidedAt: number;
  /** Epoch milliseconds after which the visitor is asked again. */
  expiresAt: number;
  /** Granted category ids, always including `necessary`. */
  granted: readonly string[];
  /** Services allowed on their own (from an embed placeholder) although their category is not. */
  services: readonly string[];
  /** Global Privacy Control was on when the decision was made. */
  gpc: boolean;
}

/**
 * How a decision was expressed, after the W3C DPV consent types: `explicitly-expressed` in a control of samtykke's
 * own whose only job is the choice (banner, preferences, placeholder button), `expressed` through page code
 * (samtykke cannot see the control), `not-applicable` when no act of the visitor gave consent (a browser signal
 * refusing, an expiry).
 */
export type ConsentType = 'explicitly-expressed' | 'expressed' | 'not-applicable';

/** Receipt event states, after the W3C DPV consent-status vocabulary. */
export type ReceiptState = 'given' | 'refused' | 'updated' | 'withdrawn' | 'expired';

export interface ReceiptService {
  id: string;
  name: string;
  provider?: string;
  status: 'granted' | 'denied';
  recipient?: string;
  thirdCountries: string[];
  retention?: string;
  cookies: Array<{ name: string; expiry: string }>;
  /** In `samtykke-receipt/2`: the recipient's role, when stated. */
  role?: RecipientRole;
  /** In `samtykke-receipt/2`: the ground for `thirdCountries`, when stated. */
  transfer?: TransferMechanism;
  /** The kinds of personal data the service receives; always present in `samtykke-receipt/2`, never in `/1`. */
  dataCategories?: string[];
  /** A built-in vendor the owner did not list, covered by its category (`blocking.undeclaredVendors`). */
  implicit?: true;
}

export interface ReceiptPurpose {
  /** Category id. */
  id: string;
  /** Title in the language shown. */
  title: string;
  /** `necessary` is `not-applicable`: it is processed under the strict-necessity exemption. */
  status: 'granted' | 'denied' | 'not-applicable';
  lawfulBasis: 'strictly-necessary' | 'consent';
  services: ReceiptService[];
}

/**
 * One consent event, aligned with ISO/IEC TS 27560 (consent record) and the Kantara Consent
 * Receipt v1.1. Immutable once built; `integrity.receiptHash` covers everything but itself, so the
 * chain link (`previousHash`) is protected too.
 */
export interface Receipt {
  /**
   * `samtykke-receipt/2` is what the browser builds; `samtykke-receipt/1` (without `event.consentType`,
   * `controller.address` and the services' `role`, `transfer`, `dataCategories`) is what ledgers kept before.
   */
  schemaVersion: 'samtykke-receipt/1' | 'samtykke-receipt/2';
  /** New UUID per event (ISO receipt_id). */
  receiptId: string;
  /** The consent id (ISO record_id, Kantara piiPrincipalId). */
  recordId: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  controller: ControllerInfo;
  jurisdiction: string;
  notice: {
    policyVersion: string;
    privacyUrl?: string;
    cookiePolicyUrl?: string;
    configRevision: number;
    /** BCP 47 language the visitor saw. */
    language: string;
    /** `sha256-<base64>` of the canonical normalized config. */
    configHash: string;
    /** `sha256-<base64>` of the canonical texts rendered in `language`. */
    textHash: string;
    library: string;
  };
  purposes: ReceiptPurpose[];
  event: {
    state: ReceiptState;
    /** ISO 8601 UTC. */
    time: string;
    /** ISO 8601 UTC; when the visitor will be asked again. */
    validUntil: string;
    action: DecisionAction;
    /** 1 = banner, 2 = preferences, 0 = not through the UI (API, signal, embed). */
    layer: 0 | 1 | 2;
    expressedBy: 'data-subject' | 'signal' | 'system';
    /** How the decision was expressed (ISO/IEC TS 27560 consent type); always present in `samtykke-receipt/2`. */
    consentType?: ConsentType;
    /**
     * On a withdrawal (`state: 'withdrawn'`), what it withdrew: categories that no longer run at all, and
     * services withdrawn from a category that keeps others. Absent on every other event.
     */
    withdrawn?: { categories: string[]; services: string[] };
  };
  signals: {
    gpc: boolean;
    /** How the signal was used; never as consent. */
    gpcApplied: 'none' | 'pre-refused-marketing';
  };
  /** What Google Consent Mode was told, or null when it is off. */
  consentMode: ConsentModeState | null;
  context: {
    pageOrigin: string;
    /** Path only: no query, no fragment. */
    pagePath: string;
    /** Browser family and major version, e.g. `Chrome 156`; never the full user-agent. */
    uaFamily: string;
  };
  withdrawalMethod: string;
  integrity: {
    canonicalization: 'JCS-RFC8785';
    /** `sha256-<base64>` over the canonical receipt with this one field left out. */
    receiptHash: string;
    /** `receiptHash` of the previous receipt with the same `recordId`, or null for the first. */
    previousHash: string | null;
  };
}

/** What the ledger endpoint returns per receipt, signed with its Ed25519 key. */
export interface ReceiptAcknowledgement {
  receiptId: string;
  /** Server sequence number. */
  seq: number;
  /** ISO 8601 UTC. */
  receivedAt: string;
  /** The server chain hash this receipt was linked with. */
  chainHash: string;
  /** Key id (base64url SHA-256 of the public key, first 16 chars). */
  keyId: string;
  /**
   * base64url Ed25519 signature: with `proof`, over the Merkle root of the commit group this acknowledgement
   * was signed in (one signature for the group); without it, over the canonical acknowledgement alone.
   */
  signature: string;
  /** Where this acknowledgement sits in its commit group's Merkle tree: what its signature check needs. */
  proof?: AcknowledgementProof;
}

/**
 * A Merkle inclusion proof: the leaf's index, the number of leaves, and the base64url SHA-256 sibling hashes
 * from the leaf up to the root.
 */
export interface AcknowledgementProof {
  index: number;
  size: number;
  path: string[];
}

/** Events an instance emits, with their payloads. */
export interface SamtykkeEvents {
  /**
   * The decision changed: on this page (`action` as in the receipt) or in another tab or an earlier visit of a
   * page restored from the back/forward cache (`sync`, no receipt here).
   */
  change: {
    decision: Decision;
    previous: Decision | null;
    action: DecisionAction | 'sync';
    /** What was allowed before and is not any more. */
    withdrawn: { categories: string[]; services: string[] };
  };
  /** The banner or preferences opened. */
  show: { view: 'banner' | 'preferences' };
  hide: undefined;
  /** A receipt was built and stored locally. */
  receipt: { receipt: Receipt };
  /** The endpoint acknowledged receipts. */
  delivered: { receipts: Receipt[]; acknowledgements: ReceiptAcknowledgement[] };
  /** A delivery failed; `final` means it will not be retried (4xx). */
  deliveryFailed: { receiptIds: string[]; reason: string; final: boolean };
  /**
   * The blocker held something back: its category is not granted, or it is a built-in vendor the config does not
   * declare (`undeclared`), which never runs with its category.
   */
  blocked: { url: string; kind: string; category: string; service?: string; reason?: BlockReason };
  released: { url: string; kind: string; category: string; service?: string };
  /**
   * Marked markup the blocker will never turn live: its URL is not http(s) (`scheme`), the rules do not put it in
   * the category or service it claims (`unmatched`), or it claims `necessary`.
   */
  refused: { url: string; kind: string; category: string; service?: string; reason: string };
  /** A contained runtime problem (callback, storage, network). */
  error: { error: unknown; context: string };
}

export type SamtykkeEventName = keyof SamtykkeEvents;
export type Unsubscribe = () => void;

/**
 * What "Delete my data" did. This browser's copy (receipts, choice, erasure keys) is always gone; `server` says
 * what became of the ledger server's: `none` (no endpoint), `erased`, `kept` (see `kept`), `unknown` (it answered
 * 2xx without saying what it keeps), `waiting` (not reached: the erasure is kept here and sent again, on this page
 * and later ones), `refused` (it refused for good, e.g. 403 with a reason).
 */
export interface ErasureReport {
  server: 'none' | 'erased' | 'kept' | 'unknown' | 'waiting' | 'refused';
  /** What the server keeps, as its answer says: how many receipts, until when (ISO 8601), on which legal ground. */
  kept?: { receipts: number; until: string; ground?: string };
  /** When the first receipt of the erased consent ids was made (ISO 8601), if this browser still had it. */
  since?: string;
}

/** The ledger in the visitor's browser. */
export interface LedgerApi {
  /** Every receipt kept locally, oldest first, with delivery state. */
  list(): Promise<StoredReceipt[]>;
  /** The local history as a pretty-printed JSON document (GDPR Art. 20). */
  export(): Promise<string>;
  /**
   * Delete the local history and the decision cookie; ask the endpoint to erase this consent id. Resolves with
   * what was erased and what the ledger server says it keeps, for the visitor to be told (GDPR Art. 12(3)).
   */
  erase(): Promise<ErasureReport>;
  /** Try to deliver everything pending now. */
  flush(): Promise<void>;
}

/** A receipt as the browser keeps it. */
export interface StoredReceipt {
  receipt: Receipt;
  /**
   * `pending` until the endpoint took it (any 2xx); `rejected` when it refused it for good (400, 413 or 422 with
   * a reason) or nothing took it within 30 days.
   */
  status: 'pending' | 'delivered' | 'rejected';
  /** The samtykke ledger server's signed acknowledgement. */
  acknowledgement?: ReceiptAcknowledgement;
  /** Delivered to an endpoint that answered 2xx without an acknowledgement (not a samtykke ledger server). */
  unsigned?: true;
  attempts: number;
  /** Epoch ms of the next delivery attempt. */
  nextAttemptAt: number;
  lastError?: string;
}

/** Why the blocker held something back. */
export type BlockReason = 'not-granted' | 'undeclared';

/**
 * Kept for compatibility. A call through the API is always recorded as `action: 'api'`, layer 0: only
 * samtykke's own UI, acting on an event the browser dispatched for a real input, records a click in a layer.
 */
export interface DecisionSource {
  /** Ignored: see above. */
  layer?: 0 | 1 | 2;
}

/** A samtykke instance, from `createSamtykke()` or `window.Samtykke`. */
export interface Samtykke<C extends string = string> {
  /** Show the first layer (banner). */
  show(): void;
  /** Open the preferences (second layer). */
  showPreferences(): void;
  /** Close whatever is open. */
  hide(): void;
  /** Grant every category (marketing stays refused under Global Privacy Control). Recorded as `api`. */
  acceptAll(source?: DecisionSource): Decision;
  /** Refuse everything but necessary; the refused services' cookies are deleted. Recorded as `api`. */
  rejectAll(source?: DecisionSource): Decision;
  /**
   * Grant exactly these categories (plus `necessary`); the rest are refused. Services allowed on their own stay
   * allowed. Recorded as `api`.
   */
  accept(categories: ReadonlyArray<C | NecessaryCategory>, source?: DecisionSource): Decision;
  /** Allow one service without granting its whole category. Recorded as `api`. */
  allowService(serviceId: string): Decision;
  /** Withdraw every consent: cookies cleared, Consent Mode denied, page reloaded by default. */
  withdraw(source?: DecisionSource): Decision;
  /**
   * Withdraw one service, the rest of its category staying allowed: its cookies are cleared and the page reloaded
   * by default, as for any withdrawal.
   */
  withdrawService(serviceId: string): Decision;
  /** The current valid decision, or null when the visitor has not decided (or must decide again). */
  getDecision(): Decision | null;
  isGranted(category: C | NecessaryCategory): boolean;
  /** A service is allowed when its category is granted or it was allowed on its own. */
  isServiceAllowed(serviceId: string): boolean;
  on<K extends SamtykkeEventName>(event: K, handler: (payload: SamtykkeEvents[K]) => void): Unsubscribe;
  /** Stop blocking patches, listeners and UI. The decision cookie stays. */
  destroy(): void;
  /** Global Privacy Control is on in this browser. */
  readonly gpc: boolean;
  readonly ledger: LedgerApi;
}
