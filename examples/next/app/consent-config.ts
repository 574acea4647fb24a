import type { SamtykkeConfig } from 'samtykke';

/** The site's consent config: written into the page as JSON for the loader tag, read by nothing else. */
export const consentConfig: SamtykkeConfig = {
  controller: { name: 'Fjordkaffe AS', contact: 'personvern@fjordkaffe.test' },
  policy: { privacyUrl: '/personvern' },
  categories: {
    statistics: { services: ['google-analytics'] },
    marketing: { services: ['meta-pixel', 'youtube'] },
  },
  ledger: { endpoint: '/api/ledger/receipts' },
};
