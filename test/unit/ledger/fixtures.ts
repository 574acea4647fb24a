import type { NormalizedConfig } from '../../../src/core/normalized.js';
import { buildReceipt, hashNotice, type RecordInput } from '../../../src/ledger/receipt.js';
import { validateReceipt } from '../../../src/ledger/validate.js';
import type { Decision, Receipt } from '../../../src/types.js';

/** A normalized config as normalizeConfig would produce it for a small Norwegian shop. */
export function makeConfig(ledger: Partial<NormalizedConfig['ledger']> = {}): NormalizedConfig {
  return {
    revision: 3,
    categories: [
      { id: 'necessary', required: true, services: [] },
      {
        id: 'statistics',
        required: false,
        title: { en: 'Statistics', nb: 'Statistikk' },
        services: [
          {
            id: 'google-analytics',
            category: 'statistics',
            name: 'Google Analytics',
            provider: 'Google Ireland Ltd.',
            cookies: [{ name: '_ga', expiry: 'P2Y' }],
            storageKeys: [],
            recipient: 'Google LLC',
            thirdCountries: ['US'],
            retention: 'P14M',
            role: 'processor',
            transfer: 'adequacy',
            dataCategories: ['online-identifier', 'device', 'usage'],
            hosts: ['www.googletagmanager.com'],
          },
        ],
      },
      {
        id: 'marketing',
        required: false,
        services: [
          {
            id: 'youtube',
            category: 'marketing',
            name: 'YouTube',
            cookies: [],
            storageKeys: [],
            thirdCountries: [],
            hosts: ['www.youtube.com'],
          },
        ],
      },
    ],
    controller: {
      name: 'Fjordkaffe AS',
      orgNo: 'NO 999 999 999 MVA',
      contact: 'personvern@fjordkaffe.no',
      country: 'NO',
    },
    policy: {
      privacyUrl: 'https://fjordkaffe.no/personvern',
      cookiePolicyUrl: 'https://fjordkaffe.no/cookies',
      version: '2026-03',
    },
    jurisdiction: 'NO',
    cookie: { name: 'samtykke', path: '/', maxAgeDays: 182, sameSite: 'Lax' },
    language: { default: 'nb' },
    texts: {},
    ui: { layout: 'bar', mustChoose: false, floatingButton: 'bottom-left' },
    blocking: { auto: true, rules: [], reloadOnWithdraw: true, undeclaredVendors: 'hold' },
    consentMode: {
      enabled: true,
      mode: 'basic',
      waitForUpdate: 500,
      mapping: { statistics: ['analytics_storage'] },
      personalizationStorage: 'denied',
      regions: [],
      adsDataRedaction: true,
      urlPassthrough: false,
    },
    gpc: true,
    ledger: { historyLimit: 100, timeoutMs: 10_000, ...ledger },
  };
}

export const CONSENT_ID = '5c0d8a52-0a4e-4f7e-8d8e-1d6f5f3a9b10';
export const T0 = Date.UTC(2026, 4, 12, 8, 14, 3);
const DAY = 86_400_000;

export function makeDecision(granted: string[], extra: Partial<Decision> = {}): Decision {
  return {
    consentId: CONSENT_ID,
    revision: 3,
    decidedAt: T0,
    expiresAt: T0 + 182 * DAY,
    granted: ['necessary', ...granted],
    services: [],
    gpc: false,
    ...extra,
  };
}

export const TEXTS = { bannerTitle: 'Vi bruker informasjonskapsler', acceptAll: 'Godta alle', rejectAll: 'Avvis alle' };

export function makeInput(partial: Partial<RecordInput> = {}): RecordInput {
  return {
    decision: makeDecision(['statistics']),
    previous: null,
    state: 'given',
    action: 'save-selection',
    layer: 2,
    notice: { language: 'nb', texts: { ...TEXTS } },
    consentMode: null,
    gpcApplied: 'none',
    ...partial,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HASH = /^sha256-[A-Za-z0-9+/]{43}=$/;

/**
 * The structural rules of samtykke-receipt/2 that matter here (ids, times, hashes, enums, exact key
 * sets); returns the problems found so a test can show them.
 */
export function receiptProblems(receipt: Receipt): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  check(
    Object.keys(receipt).sort().join() ===
      'consentMode,context,controller,createdAt,event,integrity,jurisdiction,notice,purposes,receiptId,recordId,schemaVersion,signals,withdrawalMethod',
    `top-level keys ${Object.keys(receipt).sort().join()}`,
  );
  check(receipt.schemaVersion === 'samtykke-receipt/2', 'schemaVersion');
  check(UUID.test(receipt.receiptId) && UUID.test(receipt.recordId), 'ids');
  check(TIME.test(receipt.createdAt) && TIME.test(receipt.event.time) && TIME.test(receipt.event.validUntil), 'times');
  check(HASH.test(receipt.notice.configHash) && HASH.test(receipt.notice.textHash), 'notice hashes');
  check(HASH.test(receipt.integrity.receiptHash), 'receiptHash');
  check(receipt.integrity.previousHash === null || HASH.test(receipt.integrity.previousHash), 'previousHash');
  check(receipt.integrity.canonicalization === 'JCS-RFC8785', 'canonicalization');
  check(receipt.controller.name.length > 0, 'controller.name');
  check(receipt.notice.language.length >= 2, 'language');
  check(receipt.withdrawalMethod.length > 0 && receipt.withdrawalMethod.length <= 500, 'withdrawalMethod');
  check(!/[?#]/.test(receipt.context.pagePath), 'pagePath has no query or fragment');
  for (const purpose of receipt.purposes) {
    check(['granted', 'denied', 'not-applicable'].includes(purpose.status), `purpose ${purpose.id} status`);
    for (const service of purpose.services) {
      check(['granted', 'denied'].includes(service.status), `service ${service.id} status`);
      for (const value of Object.values(service)) check(value !== undefined, `service ${service.id} undefined field`);
    }
  }
  // And the published schema's own validator must accept it.
  const validated = validateReceipt(receipt);
  if (!validated.ok) problems.push(...validated.errors);
  return problems;
}

/** The receipt the ledger builds for `input` one second after T0, its notice hashed from `config`, with a fixed id. */
export async function buildTestReceipt(
  input: RecordInput,
  config: NormalizedConfig,
  {
    previousHash = null,
    path = '/',
    userAgent = 'test',
  }: { previousHash?: string | null; path?: string; userAgent?: string } = {},
): Promise<Receipt> {
  const { configHash, textHash } = await hashNotice(config, input.notice);
  return buildReceipt(input, {
    config,
    now: T0 + 1000,
    receiptId: '9b2f1c7e-3c1a-4e0b-9a8e-6d1f0e2b7c41',
    configHash,
    textHash,
    previousHash,
    page: { origin: 'https://fjordkaffe.no', path },
    userAgent,
  });
}
