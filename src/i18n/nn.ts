import type { Messages } from './en.js';

/**
 * Nynorsk texts of the banner, preferences and declaration.
 *
 * Ordliste (eitt ord per omgrep i heile fila):
 * - cookie: «informasjonskapsel» (fleirtal «informasjonskapslar»); kategorinamn blir siterte i «».
 * - consent: «samtykke» — gje, trekkje tilbake, endre samtykket.
 * - choice: «val» — det gjeldande svaret til den besøkjande.
 * - consent records: «samtykkelogg» — kvitteringane for kvart val, som kan lastast ned og slettast.
 * - third party: «tredjepart» (fleirtal «tredjepartar»).
 * - service / provider: «teneste» / «leverandør».
 * - lifetimes: «dagar», «månader», «år» (ikkje «døgn»).
 */
export const nn = {
  settings: 'Innstillingar for informasjonskapslar',
  necessary: 'Naudsynte',
  statistics: 'Statistikk',
  marketing: 'Marknadsføring',
  preferences: 'Preferansar',
  bannerLabel: 'Samtykke til informasjonskapslar',
  bannerTitle: 'Vi brukar informasjonskapslar',
  bannerText:
    'Nokre informasjonskapslar er naudsynte for at nettstaden skal fungere. Med samtykket ditt brukar vi òg informasjonskapslar til {purposes} og deler data med {parties}. Du kan når som helst trekkje tilbake eller endre samtykket ditt.',
  bannerTextNoParties:
    'Nokre informasjonskapslar er naudsynte for at nettstaden skal fungere. Med samtykket ditt brukar vi òg informasjonskapslar til {purposes}. Du kan når som helst trekkje tilbake eller endre samtykket ditt.',
  thirdPartyOne: '{count} tredjepart',
  thirdPartyOther: '{count} tredjepartar',
  thirdParties: 'Liste over tredjepartar',
  quote: '«{text}»',
  listAnd: '{first} og {last}',
  gpcNotice: 'Nettlesaren din sende eit Global Privacy Control-signal, så marknadsføring er slått av.',
  privacyPolicy: 'Personvernerklæring',
  cookiePolicy: 'Erklæring om informasjonskapslar',
  acceptAll: 'Godta alle',
  rejectAll: 'Avvis alle',
  customise: 'Tilpass',
  settingsText: 'Vel kva for informasjonskapslar vi kan bruke. Ingenting blir endra før du lagrar.',
  save: 'Lagre vala',
  close: 'Lukk',
  alwaysOn: 'Alltid på',
  services: 'Tenester ({count})',
  provider: 'Leverandør',
  purpose: 'Føremål',
  recipient: 'Mottakar',
  thirdCountries: 'Land utanfor EØS',
  roleProcessor: 'databehandlar for nettstaden',
  roleJointController: 'felles behandlingsansvarleg med nettstaden',
  roleController: 'sjølvstendig behandlingsansvarleg',
  transferAdequacy: 'avgjerd om tilstrekkeleg vernenivå, GDPR art. 45',
  transferScc: 'standardkontraktsføresegner, GDPR art. 46',
  transferBcr: 'bindande verksemdsreglar, GDPR art. 47',
  transferDerogation: 'unntak etter GDPR art. 49',
  transferNone: 'grunnlag ikkje oppgitt',
  retention: 'Lagringstid',
  cookies: 'Informasjonskapslar',
  cookie: 'Informasjonskapsel',
  expiry: 'Varigheit',
  service: 'Teneste',
  session: 'Til nettlesaren blir lukka',
  dayOne: '{count} dag',
  dayOther: '{count} dagar',
  providerPolicy: 'Personvernerklæringa til {provider}',
  download: 'Last ned samtykkeloggen min',
  erase: 'Slett valet mitt og samtykkeloggen',
  cancel: 'Avbryt',
  eraseConfirm: 'Vil du slette valet ditt og samtykkeloggen for denne nettlesaren? Du blir spurd på nytt.',
  erased: 'Valet ditt og samtykkeloggen i denne nettlesaren er sletta.',
  erasedServer: 'Nettstaden har òg sletta kopien sin, og ingenting blir lagra.',
  erasedKept:
    'Nettstaden tek vare på loggen over vala dine frå {since}, utan IP-adressa di, til {until}, for å kunne dokumentere samtykket og at du trekte det tilbake.',
  erasedKeptUndated:
    'Nettstaden tek vare på loggen over vala dine, utan IP-adressa di, til {until}, for å kunne dokumentere samtykket og at du trekte det tilbake.',
  erasedGround: 'Rettsleg grunnlag: {ground}.',
  erasedUnknown: 'Nettstaden vart beden om å slette kopien sin, men sa ikkje kva han tek vare på.',
  erasedWaiting:
    'Nettstaden svarte ikkje, så kopien der er ikkje sletta enno. Nettlesaren prøver igjen, òg ved seinare besøk.',
  erasedRefused: 'Nettstaden nekta å slette kopien sin. Be nettstaden om å slette han.',
  saved: 'Vala dine er lagra.',
  failed: 'Noko gjekk gale. Prøv igjen.',
  yourChoice: 'Valet ditt',
  noDecision: 'Du har ikkje gjort eit val enno.',
  consentId: 'Samtykke-ID',
  date: 'Dato',
  granted: 'Tillate',
  refused: 'Avvist',
  changeConsent: 'Endre samtykke',
  withdraw: 'Trekk tilbake samtykke',
  withdrawService: 'Trekk tilbake samtykke for {service}',
  consentTool: 'Ber om samtykket ditt, hugsar valet ditt og fører samtykkeloggen.',
  cookiesAndStorage: 'Informasjonskapslar og lagring',
  localStorage: 'Lokal lagring',
  sessionStorage: 'Øktlagring',
  indexedDB: 'IndexedDB-database',
  webStorage: 'Nettlesarlagring',
  firstParty: 'Førstepart',
  thirdParty: 'Tredjepart ({domain})',
  untilDeleted: 'Til sletting',
  untilRecorded: 'Til valet er ført i samtykkeloggen, vanlegvis eit sekund',
  untilSent: 'Til samtykkeloggen er send',
  untilShown: 'Til neste side har vist meldinga',
  receiptsKept: 'Til du slettar han (dei siste {count} vala blir tekne vare på)',
  journalPurpose: 'Held på eit nytt val til det er ført i samtykkeloggen, så ingen val blir borte.',
  outboxPurpose: 'Merkjer at samtykkeloggen ventar på å bli send til nettstaden.',
  waitingPurpose: 'Merkjer om samtykkeloggen kan vente på å bli lagra eller send, så andre sider slepp å sjekke.',
  erasedPurpose:
    'Når du har sletta dataa dine, fortel han deg på neste side kva som vart sletta og kva nettstaden held på.',
  receiptsPurpose: 'Samtykkeloggen for vala dine, som du kan laste ned eller slette.',
  partlyAllowed: 'Delvis tillate',
  serviceWithdrawn: 'Samtykket for {service} er trekt tilbake.',
  consentCookie: 'Hugsar valet ditt om informasjonskapslar.',
  implicitService: 'Ikkje oppgitt kvar for seg av nettstaden: kan køyre når denne kategorien er tillaten.',
  necessaryText:
    'Trengst for at nettstaden skal fungere, til dømes for å halde deg innlogga og hugse dette valet. Dei kan ikkje slåast av.',
  statisticsText: 'Hjelper oss å forstå korleis nettstaden blir brukt, slik at vi kan gjere han betre.',
  marketingText: 'Blir brukte til å vise deg relevante annonsar her og på andre nettstader, og til å måle dei.',
  preferencesText: 'Hugsar innstillingane dine, til dømes språk eller region.',
} satisfies Messages;
