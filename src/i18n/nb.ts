import type { Messages } from './en.js';

/**
 * Bokmål texts of the banner, preferences and declaration.
 *
 * Ordliste (ett ord per begrep i hele filen):
 * - cookie: «informasjonskapsel» (flertall «informasjonskapsler»); kategorinavn siteres i «».
 * - consent: «samtykke» — gi, trekke tilbake, endre samtykket.
 * - choice: «valg» — besøkendes gjeldende svar.
 * - consent records: «samtykkelogg» — kvitteringene for hvert valg, som kan lastes ned og slettes.
 * - third party: «tredjepart» (flertall «tredjeparter»).
 * - service / provider: «tjeneste» / «leverandør».
 * - lifetimes: «dager», «måneder», «år» (ikke «døgn»).
 */
export const nb = {
  settings: 'Innstillinger for informasjonskapsler',
  necessary: 'Nødvendige',
  statistics: 'Statistikk',
  marketing: 'Markedsføring',
  preferences: 'Preferanser',
  bannerLabel: 'Samtykke til informasjonskapsler',
  bannerTitle: 'Vi bruker informasjonskapsler',
  bannerText:
    'Noen informasjonskapsler er nødvendige for at nettstedet skal fungere. Med ditt samtykke bruker vi også informasjonskapsler til {purposes} og deler data med {parties}. Du kan når som helst trekke tilbake eller endre samtykket ditt.',
  bannerTextNoParties:
    'Noen informasjonskapsler er nødvendige for at nettstedet skal fungere. Med ditt samtykke bruker vi også informasjonskapsler til {purposes}. Du kan når som helst trekke tilbake eller endre samtykket ditt.',
  thirdPartyOne: '{count} tredjepart',
  thirdPartyOther: '{count} tredjeparter',
  thirdParties: 'Liste over tredjeparter',
  quote: '«{text}»',
  listAnd: '{first} og {last}',
  gpcNotice: 'Nettleseren din sendte et Global Privacy Control-signal, så markedsføring er slått av.',
  privacyPolicy: 'Personvernerklæring',
  cookiePolicy: 'Erklæring om informasjonskapsler',
  acceptAll: 'Godta alle',
  rejectAll: 'Avvis alle',
  customise: 'Tilpass',
  settingsText: 'Velg hvilke informasjonskapsler vi kan bruke. Ingenting endres før du lagrer.',
  save: 'Lagre valgene',
  close: 'Lukk',
  alwaysOn: 'Alltid på',
  services: 'Tjenester ({count})',
  provider: 'Leverandør',
  purpose: 'Formål',
  recipient: 'Mottaker',
  thirdCountries: 'Land utenfor EØS',
  roleProcessor: 'databehandler for nettstedet',
  roleJointController: 'felles behandlingsansvarlig med nettstedet',
  roleController: 'selvstendig behandlingsansvarlig',
  transferAdequacy: 'beslutning om tilstrekkelig beskyttelsesnivå, GDPR art. 45',
  transferScc: 'standardkontraktsbestemmelser, GDPR art. 46',
  transferBcr: 'bindende virksomhetsregler, GDPR art. 47',
  transferDerogation: 'unntak etter GDPR art. 49',
  transferNone: 'grunnlag ikke oppgitt',
  retention: 'Lagringstid',
  cookies: 'Informasjonskapsler',
  cookie: 'Informasjonskapsel',
  expiry: 'Varighet',
  service: 'Tjeneste',
  session: 'Til nettleseren lukkes',
  dayOne: '{count} dag',
  dayOther: '{count} dager',
  providerPolicy: 'Personvernerklæringen til {provider}',
  download: 'Last ned samtykkeloggen min',
  erase: 'Slett valget mitt og samtykkeloggen',
  cancel: 'Avbryt',
  eraseConfirm: 'Vil du slette valget ditt og samtykkeloggen for denne nettleseren? Du blir spurt på nytt.',
  erased: 'Valget ditt og samtykkeloggen i denne nettleseren er slettet.',
  erasedServer: 'Nettstedet har også slettet sin kopi, og ingenting blir lagret.',
  erasedKept:
    'Nettstedet beholder loggen over valgene dine fra {since}, uten IP-adressen din, til {until}, for å kunne dokumentere samtykket og at du trakk det tilbake.',
  erasedKeptUndated:
    'Nettstedet beholder loggen over valgene dine, uten IP-adressen din, til {until}, for å kunne dokumentere samtykket og at du trakk det tilbake.',
  erasedGround: 'Rettslig grunnlag: {ground}.',
  erasedUnknown: 'Nettstedet ble bedt om å slette sin kopi, men oppga ikke hva det beholder.',
  erasedWaiting:
    'Nettstedet svarte ikke, så kopien der er ikke slettet ennå. Nettleseren prøver igjen, også ved senere besøk.',
  erasedRefused: 'Nettstedet nektet å slette sin kopi. Be nettstedet om å slette den.',
  saved: 'Valgene dine er lagret.',
  failed: 'Noe gikk galt. Prøv igjen.',
  yourChoice: 'Ditt valg',
  noDecision: 'Du har ikke tatt et valg ennå.',
  consentId: 'Samtykke-ID',
  date: 'Dato',
  granted: 'Tillatt',
  refused: 'Avvist',
  changeConsent: 'Endre samtykke',
  withdraw: 'Trekk tilbake samtykke',
  withdrawService: 'Trekk tilbake samtykke for {service}',
  consentTool: 'Ber om samtykket ditt, husker valget ditt og fører samtykkeloggen.',
  cookiesAndStorage: 'Informasjonskapsler og lagring',
  localStorage: 'Lokal lagring',
  sessionStorage: 'Øktlagring',
  indexedDB: 'IndexedDB-database',
  webStorage: 'Nettleserlagring',
  firstParty: 'Førstepart',
  thirdParty: 'Tredjepart ({domain})',
  untilDeleted: 'Til sletting',
  untilRecorded: 'Til valget er ført i samtykkeloggen, vanligvis et sekund',
  untilSent: 'Til samtykkeloggen er sendt',
  untilShown: 'Til neste side har vist meldingen',
  receiptsKept: 'Til du sletter den (de siste {count} valgene beholdes)',
  journalPurpose: 'Holder på et nytt valg til det er ført i samtykkeloggen, så ingen valg blir borte.',
  outboxPurpose: 'Merker at samtykkeloggen venter på å bli sendt til nettstedet.',
  waitingPurpose: 'Merker om samtykkeloggen kan vente på å bli lagret eller sendt, så andre sider slipper å sjekke.',
  erasedPurpose:
    'Når du har slettet dataene dine, forteller den deg på neste side hva som ble slettet og hva nettstedet beholder.',
  receiptsPurpose: 'Samtykkeloggen for valgene dine, som du kan laste ned eller slette.',
  partlyAllowed: 'Delvis tillatt',
  serviceWithdrawn: 'Samtykket for {service} er trukket tilbake.',
  consentCookie: 'Husker valget ditt om informasjonskapsler.',
  implicitService: 'Ikke oppgitt enkeltvis av nettstedet: kan kjøre når denne kategorien er tillatt.',
  necessaryText:
    'Trengs for at nettstedet skal fungere, for eksempel for å holde deg innlogget og huske dette valget. De kan ikke slås av.',
  statisticsText: 'Hjelper oss å forstå hvordan nettstedet brukes, slik at vi kan gjøre det bedre.',
  marketingText: 'Brukes til å vise deg relevante annonser her og på andre nettsteder, og til å måle dem.',
  preferencesText: 'Husker innstillingene dine, for eksempel språk eller region.',
} satisfies Messages;
