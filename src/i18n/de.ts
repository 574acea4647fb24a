import type { Messages } from './en.js';

/**
 * German texts of the banner, preferences and declaration.
 *
 * Glossar (ein Wort pro Begriff in der ganzen Datei):
 * - cookie: „Cookie“; die Namen der Kategorien werden in „“ zitiert.
 * - consent: „Einwilligung“ — erteilen, widerrufen, ändern.
 * - choice: „Auswahl“ — die aktuelle Antwort der Besucherin oder des Besuchers.
 * - consent records: „Einwilligungsnachweise“ — die Belege jeder Auswahl, herunterladbar und löschbar.
 * - third party: „Drittanbieter“.
 * - service / provider: „Dienst“ / „Anbieter“.
 */
export const de = {
  settings: 'Cookie-Einstellungen',
  necessary: 'Notwendig',
  statistics: 'Statistik',
  marketing: 'Marketing',
  preferences: 'Präferenzen',
  bannerLabel: 'Cookie-Einwilligung',
  bannerTitle: 'Wir verwenden Cookies',
  bannerText:
    'Einige Cookies sind nötig, damit die Website funktioniert. Mit Ihrer Einwilligung verwenden wir Cookies auch für {purposes} und geben Daten an {parties} weiter. Sie können Ihre Einwilligung jederzeit widerrufen oder ändern.',
  bannerTextNoParties:
    'Einige Cookies sind nötig, damit die Website funktioniert. Mit Ihrer Einwilligung verwenden wir Cookies auch für {purposes}. Sie können Ihre Einwilligung jederzeit widerrufen oder ändern.',
  thirdPartyOne: '{count} Drittanbieter',
  thirdPartyOther: '{count} Drittanbieter',
  thirdParties: 'Liste der Drittanbieter',
  quote: '„{text}“',
  listAnd: '{first} und {last}',
  gpcNotice: 'Ihr Browser hat ein Global-Privacy-Control-Signal gesendet, daher ist Marketing ausgeschaltet.',
  privacyPolicy: 'Datenschutzerklärung',
  cookiePolicy: 'Cookie-Richtlinie',
  acceptAll: 'Alle akzeptieren',
  rejectAll: 'Alle ablehnen',
  customise: 'Anpassen',
  settingsText: 'Wählen Sie, welche Cookies wir verwenden dürfen. Erst beim Speichern ändert sich etwas.',
  save: 'Auswahl speichern',
  close: 'Schließen',
  alwaysOn: 'Immer aktiv',
  services: 'Dienste ({count})',
  provider: 'Anbieter',
  purpose: 'Zweck',
  recipient: 'Empfänger',
  thirdCountries: 'Länder außerhalb des EWR',
  roleProcessor: 'Auftragsverarbeiter der Website',
  roleJointController: 'gemeinsam Verantwortlicher mit der Website',
  roleController: 'eigenständig Verantwortlicher',
  transferAdequacy: 'Angemessenheitsbeschluss, Art. 45 DSGVO',
  transferScc: 'Standardvertragsklauseln, Art. 46 DSGVO',
  transferBcr: 'verbindliche interne Datenschutzvorschriften, Art. 47 DSGVO',
  transferDerogation: 'Ausnahme nach Art. 49 DSGVO',
  transferNone: 'keine Grundlage angegeben',
  retention: 'Speicherdauer',
  cookies: 'Cookies',
  cookie: 'Cookie',
  expiry: 'Laufzeit',
  service: 'Dienst',
  session: 'Bis der Browser geschlossen wird',
  dayOne: '{count} Tag',
  dayOther: '{count} Tage',
  providerPolicy: 'Datenschutzerklärung von {provider}',
  download: 'Meine Einwilligungsnachweise herunterladen',
  erase: 'Meine Auswahl und Einwilligungsnachweise löschen',
  cancel: 'Abbrechen',
  eraseConfirm: 'Ihre Auswahl und die Einwilligungsnachweise dieses Browsers löschen? Sie werden dann erneut gefragt.',
  erased: 'Ihre Auswahl und die Einwilligungsnachweise in diesem Browser wurden gelöscht.',
  erasedServer: 'Auch die Website hat ihre Kopie gelöscht; nichts wird aufbewahrt.',
  erasedKept:
    'Die Website bewahrt den Nachweis Ihrer Entscheidungen seit dem {since} ohne Ihre IP-Adresse bis zum {until} auf, um Ihre Einwilligung und deren Widerruf belegen zu können.',
  erasedKeptUndated:
    'Die Website bewahrt den Nachweis Ihrer Entscheidungen ohne Ihre IP-Adresse bis zum {until} auf, um Ihre Einwilligung und deren Widerruf belegen zu können.',
  erasedGround: 'Rechtsgrundlage: {ground}.',
  erasedUnknown: 'Die Website wurde gebeten, ihre Kopie zu löschen, hat aber nicht gesagt, was sie aufbewahrt.',
  erasedWaiting:
    'Die Website hat nicht geantwortet, daher ist ihre Kopie noch nicht gelöscht. Der Browser versucht es erneut, auch bei späteren Besuchen.',
  erasedRefused: 'Die Website hat das Löschen ihrer Kopie abgelehnt. Bitten Sie die Website, sie zu löschen.',
  saved: 'Ihre Auswahl wurde gespeichert.',
  failed: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  yourChoice: 'Ihre Auswahl',
  noDecision: 'Sie haben noch keine Auswahl getroffen.',
  consentId: 'Einwilligungs-ID',
  date: 'Datum',
  granted: 'Erlaubt',
  refused: 'Abgelehnt',
  changeConsent: 'Einwilligung ändern',
  withdraw: 'Einwilligung widerrufen',
  withdrawService: 'Einwilligung für {service} widerrufen',
  consentTool: 'Fragt nach Ihrer Einwilligung, speichert Ihre Auswahl und führt die Einwilligungsnachweise.',
  cookiesAndStorage: 'Cookies und Speicher',
  localStorage: 'Lokaler Speicher',
  sessionStorage: 'Sitzungsspeicher',
  indexedDB: 'IndexedDB-Datenbank',
  webStorage: 'Browserspeicher',
  firstParty: 'Erstanbieter',
  thirdParty: 'Drittanbieter ({domain})',
  untilDeleted: 'Bis zur Löschung',
  untilRecorded: 'Bis der Einwilligungsnachweis gespeichert ist, meist eine Sekunde',
  untilSent: 'Bis die Einwilligungsnachweise gesendet sind',
  untilShown: 'Bis die nächste Seite die Meldung gezeigt hat',
  receiptsKept: 'Bis Sie sie löschen (die letzten {count} werden aufbewahrt)',
  journalPurpose:
    'Hält eine neue Auswahl fest, bis ihr Einwilligungsnachweis gespeichert ist, damit keine Auswahl verloren geht.',
  outboxPurpose: 'Vermerkt, dass Einwilligungsnachweise darauf warten, an die Website gesendet zu werden.',
  waitingPurpose:
    'Vermerkt, ob Einwilligungsnachweise noch darauf warten, gespeichert oder gesendet zu werden, damit andere Seiten nicht nachsehen müssen.',
  erasedPurpose:
    'Zeigt Ihnen, nachdem Sie Ihre Daten gelöscht haben, auf der nächsten Seite, was gelöscht wurde und was die Website aufbewahrt.',
  receiptsPurpose: 'Die Einwilligungsnachweise Ihrer Auswahl, die Sie herunterladen oder löschen können.',
  partlyAllowed: 'Teilweise erlaubt',
  serviceWithdrawn: 'Die Einwilligung für {service} wurde widerrufen.',
  consentCookie: 'Speichert Ihre Cookie-Auswahl.',
  implicitService:
    'Von der Website nicht einzeln angegeben: kann ausgeführt werden, sobald diese Kategorie erlaubt ist.',
  necessaryText:
    'Nötig, damit die Website funktioniert, etwa um Sie angemeldet zu halten und diese Auswahl zu speichern. Diese Cookies lassen sich nicht ausschalten.',
  statisticsText: 'Helfen uns zu verstehen, wie die Website genutzt wird, damit wir sie verbessern können.',
  marketingText: 'Dienen dazu, Ihnen hier und auf anderen Websites passende Werbung zu zeigen und sie zu messen.',
  preferencesText: 'Speichern Ihre Einstellungen, etwa Sprache oder Region.',
} satisfies Messages;
