import { uuid } from '../../src/core/ids.js';
import { computeReceiptHash } from '../../src/ledger/hash.js';
import type { Receipt } from '../../src/types.js';

/** Every key required, all the way down: a sample typed with it has every optional field of the type. */
export type DeepRequired<T> = T extends readonly (infer Item)[]
  ? DeepRequired<Item>[]
  : T extends object
    ? { [Key in keyof T]-?: DeepRequired<T[Key]> }
    : T;

/** A receipt with every optional field, before its hash is computed (`receiptHash` is empty). */
export function completeReceipt() {
  const now = new Date('2026-05-01T12:00:00.000Z');
  return {
    schemaVersion: 'samtykke-receipt/2',
    // Made as the browser makes them (core/ids.ts): time-ordered, at the moment the fixture is.
    receiptId: uuid(),
    recordId: uuid(),
    createdAt: now.toISOString(),
    controller: {
      name: 'Fjordkaffe AS',
      orgNo: 'NO 999 999 999 MVA',
      contact: 'personvern@fjordkaffe.no',
      address: 'Storgata 1, 0155 Oslo, Norway',
      country: 'NO',
      url: 'https://fjordkaffe.no',
    },
    jurisdiction: 'NO',
    notice: {
      policyVersion: '3',
      privacyUrl: 'https://fjordkaffe.no/personvern',
      cookiePolicyUrl: 'https://fjordkaffe.no/informasjonskapsler',
      configRevision: 2,
      language: 'nb',
      configHash: `sha256-${'A'.repeat(43)}=`,
      textHash: `sha256-${'B'.repeat(43)}=`,
      library: 'samtykke@0.1.0',
    },
    purposes: [
      {
        id: 'necessary',
        title: 'Nødvendige',
        status: 'not-applicable',
        lawfulBasis: 'strictly-necessary',
        services: [],
      },
      {
        id: 'statistics',
        title: 'Statistikk',
        status: 'granted',
        lawfulBasis: 'consent',
        services: [
          {
            id: 'ga4',
            name: 'Google Analytics',
            provider: 'Google Ireland Ltd',
            status: 'granted',
            recipient: 'Google',
            thirdCountries: ['US'],
            retention: '14 months',
            cookies: [{ name: '_ga', expiry: '2 years' }],
            implicit: true,
            role: 'processor',
            transfer: 'adequacy',
            dataCategories: ['online-identifier', 'device', 'usage'],
          },
        ],
      },
    ],
    event: {
      state: 'given',
      time: now.toISOString(),
      validUntil: new Date(now.getTime() + 182 * 86_400_000).toISOString(),
      action: 'save-selection',
      layer: 2,
      expressedBy: 'data-subject',
      consentType: 'explicitly-expressed',
      // Only a withdrawal carries it; here so the schema and the validator see every field.
      withdrawn: { categories: ['marketing'], services: ['hotjar'] },
    },
    signals: { gpc: false, gpcApplied: 'none' },
    consentMode: {
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'granted',
      functionality_storage: 'granted',
      personalization_storage: 'denied',
      security_storage: 'granted',
    },
    context: { pageOrigin: 'https://fjordkaffe.no', pagePath: '/meny', uaFamily: 'Firefox 140' },
    withdrawalMethod: 'Informasjonskapsler link in the footer',
    integrity: { canonicalization: 'JCS-RFC8785', receiptHash: '', previousHash: null as string | null },
  } satisfies DeepRequired<Receipt>;
}

/**
 * `receipt` in the first format, `samtykke-receipt/1`, as ledgers made before version 2 hold it: without the
 * controller's address, the consent type and the services' role, transfer and data categories. Its hash is
 * computed again.
 */
export async function asVersion1(receipt: Receipt): Promise<Receipt> {
  const { address: _address, ...controller } = receipt.controller;
  const { consentType: _consentType, ...event } = receipt.event;
  const old: Receipt = {
    ...receipt,
    schemaVersion: 'samtykke-receipt/1',
    controller,
    event,
    purposes: receipt.purposes.map((purpose) => ({
      ...purpose,
      services: purpose.services.map(
        ({ role: _role, transfer: _transfer, dataCategories: _data, ...service }) => service,
      ),
    })),
    integrity: { ...receipt.integrity, receiptHash: '' },
  };
  old.integrity.receiptHash = await computeReceiptHash(old);
  return old;
}

/** A valid receipt with every optional field, before its hash is computed. */
export function receiptBody(overrides: Partial<Receipt> = {}): Receipt {
  return { ...completeReceipt(), ...overrides };
}

/** A valid receipt whose `integrity.receiptHash` is correct. */
export async function makeReceipt(overrides: Partial<Receipt> = {}): Promise<Receipt> {
  const receipt = receiptBody(overrides);
  receipt.integrity.receiptHash = await computeReceiptHash(receipt);
  return receipt;
}

/** `count` valid receipts; consecutive ones share a consent id in pairs, linked by `previousHash`. */
export async function makeReceipts(count: number): Promise<Receipt[]> {
  const receipts: Receipt[] = [];
  for (let index = 0; index < count; index++) {
    const previous = index % 2 === 1 ? receipts[index - 1] : undefined;
    receipts.push(
      await makeReceipt({
        ...(previous ? { recordId: previous.recordId } : {}),
        integrity: {
          canonicalization: 'JCS-RFC8785',
          receiptHash: '',
          previousHash: previous?.integrity.receiptHash ?? null,
        },
      }),
    );
  }
  return receipts;
}

/**
 * What `samtykke-ledger verify` writes on stderr for a ledger of `count` fixture receipts on `site`: their two
 * notice hashes (made up, so no browser ever sent the documents) have no stored notice.
 */
export function missingFixtureNotices(count: number, site: string, seq = 1): string {
  const { configHash, textHash } = completeReceipt().notice;
  return [
    `notice ${configHash} missing: named by ${count} receipt(s), first ${site} seq ${seq}\n`,
    `notice ${textHash} missing: named by ${count} receipt(s), first ${site} seq ${seq}\n`,
    '2 notice hash(es) named by receipts have no stored document: what those visitors were shown cannot be shown from the ledger alone\n',
  ].join('');
}

/** What `verifyLedger` reports of the notices for `count` fixture receipts on `site` (see {@link missingFixtureNotices}). */
export function fixtureNoticeReport(count: number, site: string, seq = 1) {
  const { configHash, textHash } = completeReceipt().notice;
  return {
    stored: 0,
    referenced: 2,
    altered: [],
    missing: [configHash, textHash].map((hash) => ({ hash, receipts: count, site, seq })),
    missingCount: 2,
  };
}
