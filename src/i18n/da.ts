import type { Messages } from './en.js';

/**
 * Danish texts of the banner, preferences and declaration.
 *
 * Ordliste (ét ord pr. begreb i hele filen):
 * - cookie: »cookie«, sammensat uden bindestreg: »cookieindstillinger«, »cookiepolitik«, »cookievalg«;
 *   kategoriernes navne citeres i »«.
 * - consent: »samtykke« — give, trække tilbage, ændre sit samtykke.
 * - choice: »valg« — den besøgendes aktuelle svar.
 * - consent records: »samtykkelog« — kvitteringerne for hvert valg, som kan downloades og slettes.
 * - third party: »tredjepart« (flertal »tredjeparter«).
 * - service / provider: »tjeneste« / »udbyder«; site: »hjemmeside«.
 */
export const da = {
  settings: 'Cookieindstillinger',
  necessary: 'Nødvendige',
  statistics: 'Statistik',
  marketing: 'Marketing',
  preferences: 'Præferencer',
  bannerLabel: 'Samtykke til cookies',
  bannerTitle: 'Vi bruger cookies',
  bannerText:
    'Nogle cookies er nødvendige, for at hjemmesiden virker. Med dit samtykke bruger vi også cookies til {purposes} og deler data med {parties}. Du kan altid trække dit samtykke tilbage eller ændre det.',
  bannerTextNoParties:
    'Nogle cookies er nødvendige, for at hjemmesiden virker. Med dit samtykke bruger vi også cookies til {purposes}. Du kan altid trække dit samtykke tilbage eller ændre det.',
  thirdPartyOne: '{count} tredjepart',
  thirdPartyOther: '{count} tredjeparter',
  thirdParties: 'Liste over tredjeparter',
  quote: '»{text}«',
  listAnd: '{first} og {last}',
  gpcNotice: 'Din browser sendte et Global Privacy Control-signal, så marketing er slået fra.',
  privacyPolicy: 'Privatlivspolitik',
  cookiePolicy: 'Cookiepolitik',
  acceptAll: 'Accepter alle',
  rejectAll: 'Afvis alle',
  customise: 'Tilpas',
  settingsText: 'Vælg, hvilke cookies vi må bruge. Intet ændres, før du gemmer.',
  save: 'Gem valg',
  close: 'Luk',
  alwaysOn: 'Altid slået til',
  services: 'Tjenester ({count})',
  provider: 'Udbyder',
  purpose: 'Formål',
  recipient: 'Modtager',
  thirdCountries: 'Lande uden for EØS',
  roleProcessor: 'databehandler for hjemmesiden',
  roleJointController: 'fælles dataansvarlig med hjemmesiden',
  roleController: 'selvstændig dataansvarlig',
  transferAdequacy: 'afgørelse om tilstrækkeligt beskyttelsesniveau, GDPR art. 45',
  transferScc: 'standardkontraktbestemmelser, GDPR art. 46',
  transferBcr: 'bindende virksomhedsregler, GDPR art. 47',
  transferDerogation: 'undtagelse efter GDPR art. 49',
  transferNone: 'grundlag ikke oplyst',
  retention: 'Opbevaringsperiode',
  cookies: 'Cookies',
  cookie: 'Cookie',
  expiry: 'Udløb',
  service: 'Tjeneste',
  session: 'Indtil browseren lukkes',
  dayOne: '{count} dag',
  dayOther: '{count} dage',
  providerPolicy: 'Privatlivspolitik hos {provider}',
  download: 'Download min samtykkelog',
  erase: 'Slet mit valg og min samtykkelog',
  cancel: 'Annuller',
  eraseConfirm: 'Vil du slette dit valg og samtykkeloggen for denne browser? Du bliver spurgt igen.',
  erased: 'Dit valg og samtykkeloggen i denne browser er slettet.',
  erasedServer: 'Webstedet har også slettet sin kopi, og intet gemmes.',
  erasedKept:
    'Webstedet gemmer loggen over dine valg fra {since}, uden din IP-adresse, indtil {until}, så det kan dokumentere samtykket, og at du trak det tilbage.',
  erasedKeptUndated:
    'Webstedet gemmer loggen over dine valg, uden din IP-adresse, indtil {until}, så det kan dokumentere samtykket, og at du trak det tilbage.',
  erasedGround: 'Retsgrundlag: {ground}.',
  erasedUnknown: 'Webstedet blev bedt om at slette sin kopi, men oplyste ikke, hvad det gemmer.',
  erasedWaiting:
    'Webstedet svarede ikke, så kopien dér er ikke slettet endnu. Browseren prøver igen, også ved senere besøg.',
  erasedRefused: 'Webstedet afviste at slette sin kopi. Bed webstedet om at slette den.',
  saved: 'Dine valg er gemt.',
  failed: 'Noget gik galt. Prøv igen.',
  yourChoice: 'Dit valg',
  noDecision: 'Du har ikke truffet et valg endnu.',
  consentId: 'Samtykke-ID',
  date: 'Dato',
  granted: 'Tilladt',
  refused: 'Afvist',
  changeConsent: 'Ændr samtykke',
  withdraw: 'Træk samtykke tilbage',
  withdrawService: 'Træk samtykke tilbage for {service}',
  consentTool: 'Beder om dit samtykke, husker dit valg og fører din samtykkelog.',
  cookiesAndStorage: 'Cookies og lagring',
  localStorage: 'Lokal lagring',
  sessionStorage: 'Sessionslagring',
  indexedDB: 'IndexedDB-database',
  webStorage: 'Browserlagring',
  firstParty: 'Førstepart',
  thirdParty: 'Tredjepart ({domain})',
  untilDeleted: 'Indtil sletning',
  untilRecorded: 'Indtil valget er gemt i samtykkeloggen, normalt et sekund',
  untilSent: 'Indtil samtykkeloggen er sendt',
  untilShown: 'Indtil næste side har vist beskeden',
  receiptsKept: 'Indtil du sletter den (de seneste {count} valg gemmes)',
  journalPurpose: 'Holder på et nyt valg, indtil det er gemt i samtykkeloggen, så intet valg går tabt.',
  outboxPurpose: 'Markerer, at samtykkeloggen venter på at blive sendt til hjemmesiden.',
  waitingPurpose:
    'Markerer, om samtykkeloggen kan vente på at blive gemt eller sendt, så andre sider ikke behøver at tjekke.',
  erasedPurpose:
    'Når du har slettet dine data, fortæller den dig på næste side, hvad der blev slettet, og hvad hjemmesiden beholder.',
  receiptsPurpose: 'Samtykkeloggen for dine valg, som du kan downloade eller slette.',
  partlyAllowed: 'Delvist tilladt',
  serviceWithdrawn: 'Samtykket til {service} er trukket tilbage.',
  consentCookie: 'Husker dit cookievalg.',
  implicitService: 'Ikke angivet enkeltvis af hjemmesiden: kan køre, når denne kategori er tilladt.',
  necessaryText:
    'De er nødvendige, for at hjemmesiden virker, fx for at holde dig logget ind og huske dette valg. De kan ikke slås fra.',
  statisticsText: 'Hjælper os med at forstå, hvordan hjemmesiden bliver brugt, så vi kan gøre den bedre.',
  marketingText: 'Bruges til at vise dig relevante annoncer her og på andre hjemmesider og til at måle dem.',
  preferencesText: 'Husker dine indstillinger, fx sprog eller region.',
} satisfies Messages;
