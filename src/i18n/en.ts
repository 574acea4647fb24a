/**
 * English texts of the banner, preferences and declaration; this file defines the message keys.
 *
 * Glossary (one term per concept, in every text of this file):
 * - cookie: "cookie"; the categories' own names are their titles, quoted where a sentence cites them.
 * - consent: "consent" — given, withdrawn ("withdraw consent"), changed.
 * - choice: "choice" — the visitor's current answer (what the consent cookie remembers).
 * - consent records: "consent records" — the receipts kept of each choice, downloadable and deletable.
 * - third party: "third party" — a provider of a non-necessary service other than the site owner.
 * - service / provider: "service" (what runs) / "provider" (who runs it).
 */
export const en = {
  settings: 'Cookie settings',
  necessary: 'Necessary',
  statistics: 'Statistics',
  marketing: 'Marketing',
  preferences: 'Preferences',
  bannerLabel: 'Cookie consent',
  bannerTitle: 'We use cookies',
  bannerText:
    'Some cookies are needed for the site to work. With your consent we also use cookies for {purposes}, and share data with {parties}. You can withdraw or change your consent at any time.',
  bannerTextNoParties:
    'Some cookies are needed for the site to work. With your consent we also use cookies for {purposes}. You can withdraw or change your consent at any time.',
  thirdPartyOne: '{count} third party',
  thirdPartyOther: '{count} third parties',
  thirdParties: 'List of third parties',
  quote: '“{text}”',
  // How a list ends (“Statistics” and “Marketing”); the items before are separated by commas.
  listAnd: '{first} and {last}',
  gpcNotice: 'Your browser sent a Global Privacy Control signal, so marketing is switched off.',
  privacyPolicy: 'Privacy policy',
  cookiePolicy: 'Cookie policy',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customise: 'Customise',
  settingsText: 'Choose which cookies we may use. Nothing changes until you save.',
  save: 'Save choices',
  close: 'Close',
  alwaysOn: 'Always on',
  services: 'Services ({count})',
  provider: 'Provider',
  purpose: 'Purpose',
  recipient: 'Recipient',
  thirdCountries: 'Countries outside the EEA',
  roleProcessor: 'processor for the site',
  roleJointController: 'joint controller with the site',
  roleController: 'controller in its own right',
  transferAdequacy: 'adequacy decision, GDPR Art. 45',
  transferScc: 'standard contractual clauses, GDPR Art. 46',
  transferBcr: 'binding corporate rules, GDPR Art. 47',
  transferDerogation: 'an exception under GDPR Art. 49',
  transferNone: 'no ground stated',
  retention: 'Data kept for',
  cookies: 'Cookies',
  cookie: 'Cookie',
  expiry: 'Expiry',
  service: 'Service',
  session: 'Until the browser closes',
  dayOne: '{count} day',
  dayOther: '{count} days',
  providerPolicy: 'Privacy policy of {provider}',
  download: 'Download my consent records',
  erase: 'Delete my choice and consent records',
  cancel: 'Cancel',
  eraseConfirm: 'Delete your choice and the consent records kept for this browser? You will be asked again.',
  erased: 'Your choice and consent records in this browser were deleted.',
  erasedServer: 'The site’s ledger deleted its copy too: nothing is kept.',
  erasedKept:
    'The site keeps the record of your choices from {since}, without your IP address, until {until}, to prove your consent and its withdrawal.',
  erasedKeptUndated:
    'The site keeps the record of your choices, without your IP address, until {until}, to prove your consent and its withdrawal.',
  erasedGround: 'Legal ground: {ground}.',
  erasedUnknown: 'The site was asked to delete its copy but did not say what it keeps.',
  erasedWaiting:
    'The site’s ledger did not answer, so its copy is not deleted yet. This browser keeps asking, on later visits too.',
  erasedRefused: 'The site’s ledger refused to delete its copy. Ask the site to delete it.',
  saved: 'Your choices were saved.',
  failed: 'Something went wrong. Please try again.',
  yourChoice: 'Your choice',
  noDecision: 'You have not made a choice yet.',
  consentId: 'Consent ID',
  date: 'Date',
  granted: 'Allowed',
  refused: 'Refused',
  changeConsent: 'Change consent',
  withdraw: 'Withdraw consent',
  withdrawService: 'Withdraw consent for {service}',
  consentTool: 'Asks for your consent, remembers your choice and keeps its consent records.',
  cookiesAndStorage: 'Cookies and storage',
  localStorage: 'Local storage',
  sessionStorage: 'Session storage',
  indexedDB: 'IndexedDB database',
  webStorage: 'Browser storage',
  firstParty: 'First party',
  thirdParty: 'Third party ({domain})',
  untilDeleted: 'Until deleted',
  untilRecorded: 'Until the consent record is stored, usually a second',
  untilSent: 'Until the consent records are sent',
  untilShown: 'Until the next page has shown the message',
  receiptsKept: 'Until you delete them (the latest {count} are kept)',
  journalPurpose: 'Holds a new choice until its consent record is stored, so that no choice goes unrecorded.',
  outboxPurpose: 'Notes that consent records are waiting to be sent to the site.',
  waitingPurpose:
    'Notes whether consent records may still wait to be stored or sent, so that other pages need not look.',
  erasedPurpose: 'After you delete your data, tells you on the next page what was deleted and what the site keeps.',
  receiptsPurpose: 'The consent records of your choices, which you can download or delete.',
  partlyAllowed: 'Partly allowed',
  serviceWithdrawn: 'Consent for {service} was withdrawn.',
  consentCookie: 'Remembers your cookie choice.',
  implicitService: 'Not declared individually by the site: may run whenever this category is allowed.',
  necessaryText:
    'Needed for the site to work, for example to keep you logged in and remember this choice. They cannot be switched off.',
  statisticsText: 'Help us understand how the site is used, so we can improve it.',
  marketingText: 'Used to show you relevant ads here and on other sites, and to measure them.',
  preferencesText: 'Remember your settings, such as language or region.',
};

/** A message key of the UI. */
export type MessageKey = keyof typeof en;
/** A complete set of UI texts in one language. */
export type Messages = Record<MessageKey, string>;
