import type { Messages } from './en.js';

/**
 * Finnish texts of the banner, preferences and declaration.
 *
 * Sanasto (yksi sana kullekin käsitteelle koko tiedostossa):
 * - cookie: ”eväste”; luokkien nimet lainataan merkeissä ”” perusmuodossa (luettelon johdantona ”näihin
 *   tarkoituksiin:”), jotta omistajan antamia nimiä ei tarvitse taivuttaa.
 * - consent: ”suostumus” — antaa, peruuttaa (tietosuoja-asetuksen sana, ei ”perua”), muuttaa suostumus.
 * - choice: ”valinta” — kävijän voimassa oleva vastaus.
 * - consent records: ”suostumustiedot” — kunkin valinnan kuitit, jotka voi ladata ja poistaa.
 * - third party: ”kolmas osapuoli” (allatiivissa ”kolmannelle osapuolelle”).
 * - service / provider: ”palvelu” / ”palveluntarjoaja”.
 */
export const fi = {
  settings: 'Evästeasetukset',
  necessary: 'Välttämättömät',
  statistics: 'Tilastointi',
  marketing: 'Markkinointi',
  preferences: 'Mieltymykset',
  bannerLabel: 'Evästesuostumus',
  bannerTitle: 'Käytämme evästeitä',
  bannerText:
    'Osa evästeistä on välttämättömiä sivuston toiminnalle. Suostumuksellasi käytämme evästeitä myös näihin tarkoituksiin: {purposes}. Niiden kautta tietoja luovutetaan {parties}. Voit peruuttaa tai muuttaa suostumuksesi milloin tahansa.',
  bannerTextNoParties:
    'Osa evästeistä on välttämättömiä sivuston toiminnalle. Suostumuksellasi käytämme evästeitä myös näihin tarkoituksiin: {purposes}. Voit peruuttaa tai muuttaa suostumuksesi milloin tahansa.',
  thirdPartyOne: '{count} kolmannelle osapuolelle',
  thirdPartyOther: '{count} kolmannelle osapuolelle',
  thirdParties: 'Luettelo kolmansista osapuolista',
  quote: '”{text}”',
  listAnd: '{first} ja {last}',
  gpcNotice: 'Selaimesi lähetti Global Privacy Control -signaalin, joten markkinointi on poistettu käytöstä.',
  privacyPolicy: 'Tietosuojaseloste',
  cookiePolicy: 'Evästekäytäntö',
  acceptAll: 'Hyväksy kaikki',
  rejectAll: 'Hylkää kaikki',
  customise: 'Mukauta',
  settingsText: 'Valitse, mitä evästeitä saamme käyttää. Mikään ei muutu ennen kuin tallennat.',
  save: 'Tallenna valinnat',
  close: 'Sulje',
  alwaysOn: 'Aina käytössä',
  services: 'Palvelut ({count})',
  provider: 'Palveluntarjoaja',
  purpose: 'Käyttötarkoitus',
  recipient: 'Vastaanottaja',
  thirdCountries: 'ETA-alueen ulkopuoliset maat',
  roleProcessor: 'sivuston henkilötietojen käsittelijä',
  roleJointController: 'yhteisrekisterinpitäjä sivuston kanssa',
  roleController: 'itsenäinen rekisterinpitäjä',
  transferAdequacy: 'riittävyyspäätös, GDPR 45 art.',
  transferScc: 'vakiosopimuslausekkeet, GDPR 46 art.',
  transferBcr: 'yritystä koskevat sitovat säännöt, GDPR 47 art.',
  transferDerogation: 'GDPR 49 artiklan poikkeus',
  transferNone: 'perustetta ei ilmoitettu',
  retention: 'Säilytysaika',
  cookies: 'Evästeet',
  cookie: 'Eväste',
  expiry: 'Voimassaolo',
  service: 'Palvelu',
  session: 'Kunnes selain suljetaan',
  dayOne: '{count} päivä',
  dayOther: '{count} päivää',
  providerPolicy: 'Tietosuojaseloste: {provider}',
  download: 'Lataa suostumustietoni',
  erase: 'Poista valintani ja suostumustietoni',
  cancel: 'Peruuta',
  eraseConfirm: 'Poistetaanko valintasi ja tämän selaimen suostumustiedot? Sinulta kysytään uudelleen.',
  erased: 'Valintasi ja tämän selaimen suostumustiedot on poistettu.',
  erasedServer: 'Myös sivusto poisti oman kopionsa, eikä mitään säilytetä.',
  erasedKept:
    'Sivusto säilyttää tiedot {since} alkaen tekemistäsi valinnoista ilman IP-osoitettasi {until} asti, jotta se voi osoittaa suostumuksesi ja sen perumisen.',
  erasedKeptUndated:
    'Sivusto säilyttää tiedot valinnoistasi ilman IP-osoitettasi {until} asti, jotta se voi osoittaa suostumuksesi ja sen perumisen.',
  erasedGround: 'Oikeusperuste: {ground}.',
  erasedUnknown: 'Sivustoa pyydettiin poistamaan oma kopionsa, mutta se ei kertonut, mitä se säilyttää.',
  erasedWaiting:
    'Sivusto ei vastannut, joten sen kopiota ei ole vielä poistettu. Selain yrittää uudelleen, myös myöhemmillä käynneillä.',
  erasedRefused: 'Sivusto kieltäytyi poistamasta kopiotaan. Pyydä sivustoa poistamaan se.',
  saved: 'Valintasi on tallennettu.',
  failed: 'Jokin meni vikaan. Yritä uudelleen.',
  yourChoice: 'Valintasi',
  noDecision: 'Et ole vielä tehnyt valintaa.',
  consentId: 'Suostumustunnus',
  date: 'Päivämäärä',
  granted: 'Sallittu',
  refused: 'Hylätty',
  changeConsent: 'Muuta suostumusta',
  withdraw: 'Peruuta suostumus',
  withdrawService: 'Peruuta suostumus: {service}',
  consentTool: 'Pyytää suostumustasi, muistaa valintasi ja säilyttää sen suostumustiedot.',
  cookiesAndStorage: 'Evästeet ja tallennus',
  localStorage: 'Paikallinen tallennustila',
  sessionStorage: 'Istuntotallennustila',
  indexedDB: 'IndexedDB-tietokanta',
  webStorage: 'Selaimen tallennustila',
  firstParty: 'Ensimmäinen osapuoli',
  thirdParty: 'Kolmas osapuoli ({domain})',
  untilDeleted: 'Kunnes se poistetaan',
  untilRecorded: 'Kunnes suostumustiedot on tallennettu, yleensä sekunnin',
  untilSent: 'Kunnes suostumustiedot on lähetetty',
  untilShown: 'Kunnes seuraava sivu on näyttänyt viestin',
  receiptsKept: 'Kunnes poistat ne (viimeisimmät {count} säilytetään)',
  journalPurpose: 'Säilyttää uuden valinnan, kunnes sen suostumustiedot on tallennettu, jottei yksikään valinta katoa.',
  outboxPurpose: 'Merkitsee, että suostumustietoja odottaa lähettämistä sivustolle.',
  waitingPurpose:
    'Merkitsee, voiko suostumustietoja odottaa tallentamista tai lähettämistä, jottei muiden sivujen tarvitse tarkistaa.',
  erasedPurpose: 'Kun olet poistanut tietosi, kertoo seuraavalla sivulla, mitä poistettiin ja mitä sivusto säilyttää.',
  receiptsPurpose: 'Valintojesi suostumustiedot, jotka voit ladata tai poistaa.',
  partlyAllowed: 'Osittain sallittu',
  serviceWithdrawn: 'Suostumus palvelulle {service} on peruutettu.',
  consentCookie: 'Muistaa evästevalintasi.',
  implicitService:
    'Sivusto ei ole ilmoittanut tätä palvelua erikseen: se voi olla käytössä aina, kun tämä luokka on sallittu.',
  necessaryText:
    'Tarvitaan sivuston toimintaan, esimerkiksi kirjautumisen ja tämän valinnan muistamiseen. Niitä ei voi poistaa käytöstä.',
  statisticsText: 'Auttavat meitä ymmärtämään, miten sivustoa käytetään, jotta voimme parantaa sitä.',
  marketingText:
    'Käytetään sinua kiinnostavien mainosten näyttämiseen täällä ja muilla sivustoilla sekä niiden mittaamiseen.',
  preferencesText: 'Muistavat asetuksesi, kuten kielen tai alueen.',
} satisfies Messages;
