import type { FindingStatus } from './classify.js';

/** Before the visitor decided, or after Accept all. */
export type Phase = 'before' | 'after';

/** A cookie as the browser holds it at the end of a phase (only the new ones in the `after` phase). */
export interface RawCookie {
  name: string;
  domain: string;
  path: string;
  /** ISO time, or `session`. */
  expires: string;
  phase: Phase;
  /** `response <url>` (a Set-Cookie header) or `script <url>` (document.cookie), as far as seen. */
  setBy: string[];
}

export interface RawStorage {
  area: 'localStorage' | 'sessionStorage' | 'indexedDB';
  /** The key; for IndexedDB `database/store`. */
  key: string;
  origin: string;
  phase: Phase;
}

export interface RawRequest {
  url: string;
  /** Playwright's resource type: script, image, xhr, fetch, document, ping, … */
  type: string;
  /** The frame's URL. */
  frame: string;
  /** The URL of the script or document that started it, or the initiator kind (`parser`, `other`). */
  initiator: string;
  phase: Phase;
}

/** What one visit recorded, before classification. */
export interface RawVisit {
  url: string;
  finalUrl: string;
  status: number;
  /** The page's samtykke config as found on the page (not yet checked). */
  config: unknown;
  /** Whether samtykke ran on the page. */
  samtykke: boolean;
  /** Whether Accept all was clicked. */
  accepted: boolean;
  links: string[];
  cookies: RawCookie[];
  storage: RawStorage[];
  requests: RawRequest[];
  notes: string[];
}

/** How a finding relates to the config and catalogue. */
export interface Classified {
  status: FindingStatus;
  service?: string;
  category?: string;
  /** Whether it happened before consent although it needs consent. */
  leak: boolean;
}

export interface CookieFinding extends Classified {
  name: string;
  domain: string;
  path: string;
  expires: string;
  party: 'first' | 'third';
  phase: Phase;
  setBy: string[];
}

export interface StorageFinding extends Classified {
  area: RawStorage['area'];
  key: string;
  origin: string;
  phase: Phase;
}

/** Requests to one URL (without its query) in one phase, counted. */
export interface RequestFinding extends Classified {
  host: string;
  /** Origin and path, without the query string (which may carry identifiers). */
  url: string;
  type: string;
  initiator: string;
  party: 'first' | 'third';
  phase: Phase;
  count: number;
}

export interface PageReport {
  url: string;
  depth: number;
  status: number;
  samtykke: boolean;
  accepted: boolean;
  notes: string[];
  cookies: CookieFinding[];
  storage: StorageFinding[];
  /** Requests to other sites, and to the site itself where a rule names a service. */
  requests: RequestFinding[];
}

/** Something that happened before consent although it needs consent. */
export interface Leak {
  page: string;
  kind: 'request' | 'cookie' | 'storage';
  /** Host, cookie name or storage key. */
  name: string;
  status: FindingStatus;
  service?: string;
  category?: string;
}

/** A tracker the config does not declare: a catalogue vendor, or an unknown host, cookie or storage key. */
export interface Undeclared {
  kind: 'vendor' | 'host' | 'cookie' | 'storage';
  /** Vendor id, host, cookie name or storage key. */
  id: string;
  name: string;
  /** The catalogue's category for a vendor. */
  category?: string;
  pages: string[];
  evidence: string[];
}

/** One service, vendor or unknown third-party host, across all pages. */
export interface VendorSummary {
  id: string;
  name: string;
  status: FindingStatus;
  category?: string;
  pages: number;
  beforeConsent: boolean;
  hosts: string[];
  cookies: string[];
  storage: string[];
}

export interface BaselineDiff {
  baseline: string;
  added: string[];
  removed: string[];
}

export interface ScanReport {
  tool: 'samtykke-scan';
  version: 1;
  startedAt: string;
  finishedAt: string;
  startUrls: string[];
  /** Whether a samtykke config was found, its revision, and the services it declares (id → category). */
  config: { found: boolean; revision?: number; services: Record<string, string>; error?: string };
  summary: {
    pages: number;
    leaks: number;
    undeclared: number;
    stale: number;
    /** Pages skipped: robots.txt, over the limit, or failed (with the reason in `skipped`). */
    skipped: number;
  };
  leaks: Leak[];
  undeclared: Undeclared[];
  /** Declared services seen on no page, before or after consent. */
  stale: Array<{ service: string; category: string }>;
  vendors: VendorSummary[];
  pages: PageReport[];
  skipped: Array<{ url: string; reason: string }>;
  baseline?: BaselineDiff;
}
