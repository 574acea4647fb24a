import { EXPIRED_GRACE_DAYS } from '../core/cookie.js';
import type { NormalizedConfig } from '../core/normalized.js';
import { ERASURE_REPORT_KEY, JOURNAL_KEY, LEDGER_DATABASE, OUTBOX_KEY, WAITING_SUFFIX } from '../core/own-storage.js';
import { VENDOR_COOKIE_DOMAINS } from '../core/vendor-cookie-domains.js';
import { categoryDescription, categoryTitle } from '../i18n/category-text.js';
import type { Translator } from '../i18n/translate.js';
import type { RecipientRole, TransferMechanism } from '../types.js';
import { formatDuration } from './format.js';

/** A cookie or storage entry as the visitor sees it: where it is kept, for how long, by whom, why. */
export interface ShownItem {
  name: string;
  kind: 'cookie' | 'localStorage' | 'sessionStorage' | 'indexedDB' | 'webStorage';
  /** How long it lasts, in words. */
  lifetime: string;
  /** A cookie set by another domain than the site's (a third-party cookie). */
  domain?: string;
  purpose: string;
}

/** A service as the visitor sees it, texts resolved. */
export interface ShownService {
  id: string;
  name: string;
  provider?: string;
  purpose: string;
  recipient?: string;
  /** What the recipient is to the site. */
  role?: RecipientRole;
  thirdCountries: readonly string[];
  /** The ground the data goes to `thirdCountries` on. */
  transfer?: TransferMechanism;
  retention?: string;
  privacyPolicyUrl?: string;
  /** Its cookies, then its other storage. */
  items: readonly ShownItem[];
  /** Not listed by the owner: runs with its category because the owner opted in (`blocking.undeclaredVendors`). */
  implicit?: true;
}

/** A category as the visitor sees it, texts resolved. */
export interface ShownCategory {
  id: string;
  required: boolean;
  title: string;
  description: string;
  services: readonly ShownService[];
}

/**
 * The categories and services in the visitor's language, from the same config that drives
 * blocking. The decision cookie itself is declared under `necessary` unless the owner did.
 */
export function describeCategories(config: NormalizedConfig, tr: Translator): ShownCategory[] {
  return config.categories.map((cat) => {
    const services: ShownService[] = cat.services.map((s) => ({
      id: s.id,
      name: s.name,
      provider: s.provider,
      purpose: tr.text(s.purpose, `services.${s.id}.purpose`),
      recipient: s.recipient,
      role: s.role,
      thirdCountries: s.thirdCountries ?? [],
      transfer: s.transfer,
      retention: s.retention,
      privacyPolicyUrl: s.privacyPolicyUrl,
      items: [
        ...s.cookies.map(
          (c): ShownItem => ({
            name: c.name,
            kind: 'cookie',
            lifetime: formatDuration(c.expiry, tr),
            domain: c.domain ?? VENDOR_COOKIE_DOMAINS[s.id]?.[c.name],
            purpose: tr.text(c.purpose, `services.${s.id}.cookies.${c.name}.purpose`),
          }),
        ),
        // Kept until something deletes them: web storage has no expiry.
        ...s.storageKeys.map(
          (key): ShownItem => ({ name: key, kind: 'webStorage', lifetime: tr.t('untilDeleted'), purpose: '' }),
        ),
      ],
      ...(s.implicit && { implicit: s.implicit }),
    }));
    const declared = cat.services.some((s) => s.cookies.some((c) => c.name === config.cookie.name));
    if (cat.required && !declared) services.unshift(ownService(config, tr));
    return {
      id: cat.id,
      required: cat.required,
      title: categoryTitle(cat, tr),
      description: categoryDescription(cat, tr),
      services,
    };
  });
}

const OWN_ID = 'samtykke';

/**
 * samtykke itself, declared as honestly as any vendor: the decision cookie with its real lifetime (it outlives the
 * choice by a grace period, so an expired choice can still be recorded), the marker beside it that receipts wait, and
 * what it keeps in the browser's storage.
 */
function ownService(config: NormalizedConfig, tr: Translator): ShownService {
  const web = (
    kind: 'localStorage' | 'sessionStorage',
    name: string,
    lifetime: string,
    purpose: string,
  ): ShownItem => ({
    name,
    kind,
    lifetime,
    purpose,
  });
  // The marker of waiting receipts lives as long as the decision cookie.
  const lifetime = formatDuration(`P${config.cookie.maxAgeDays + EXPIRED_GRACE_DAYS}D`, tr);
  return {
    id: OWN_ID,
    name: 'samtykke',
    provider: config.controller.name,
    purpose: tr.t('consentTool'),
    thirdCountries: [],
    items: [
      {
        name: config.cookie.name,
        kind: 'cookie',
        lifetime,
        purpose: tr.t('consentCookie'),
      },
      {
        name: config.cookie.name + WAITING_SUFFIX,
        kind: 'cookie',
        lifetime,
        purpose: tr.t('waitingPurpose'),
      },
      web('localStorage', JOURNAL_KEY, tr.t('untilRecorded'), tr.t('journalPurpose')),
      // Only a ledger endpoint has anything to send.
      ...(config.ledger.endpoint ? [web('localStorage', OUTBOX_KEY, tr.t('untilSent'), tr.t('outboxPurpose'))] : []),
      // Written by "Delete my data" on every site: the withdrawal's reload would otherwise lose what to tell.
      web('sessionStorage', ERASURE_REPORT_KEY, tr.t('untilShown'), tr.t('erasedPurpose')),
      {
        name: LEDGER_DATABASE,
        kind: 'indexedDB',
        lifetime: tr.t('receiptsKept', { count: config.ledger.historyLimit }),
        purpose: tr.t('receiptsPurpose'),
      },
    ],
  };
}

/** The preferences' switches before Save: categories on, and services on by themselves. */
export interface Staged {
  staged: Set<string>;
  stagedServices: Set<string>;
}

/**
 * One service switched: every service of a category on is the category on; one switched off in a category that
 * was on leaves the others on, one by one.
 */
export function stageService(
  state: Staged,
  siblings: readonly string[],
  category: string,
  service: string,
  on: boolean,
): void {
  if (on) {
    state.stagedServices.add(service);
    if (siblings.every((id) => state.stagedServices.has(id))) {
      state.staged.add(category);
      for (const id of siblings) state.stagedServices.delete(id);
    }
  } else if (state.staged.has(category)) {
    state.staged.delete(category);
    for (const id of siblings) if (id !== service) state.stagedServices.add(id);
  } else state.stagedServices.delete(service);
}
