import type { Messages } from './en.js';

/**
 * Icelandic texts of the banner, preferences and declaration.
 *
 * Orðalisti (eitt orð fyrir hvert hugtak í allri skránni):
 * - cookie: „vafrakaka“ (ft. „vafrakökur“); heiti flokka eru höfð innan „“ í nefnifalli (á eftir „í þessum
 *   tilgangi:“), svo ekki þarf að fallbeygja heiti sem eigandinn velur.
 * - consent: „samþykki“ — veita, draga til baka, breyta samþykki.
 * - choice: „val“ — gildandi svar gestsins.
 * - consent records: „samþykkisskrár“ — kvittanir fyrir hvert val, sem má sækja og eyða.
 * - third party: „þriðji aðili“ (þgf. „þriðja aðila“ / „þriðju aðilum“).
 * - service / provider: „þjónusta“ / „þjónustuaðili“.
 */
export const is = {
  settings: 'Stillingar vafrakakna',
  necessary: 'Nauðsynlegar',
  statistics: 'Tölfræði',
  marketing: 'Markaðssetning',
  preferences: 'Kjörstillingar',
  bannerLabel: 'Samþykki fyrir vafrakökum',
  bannerTitle: 'Við notum vafrakökur',
  bannerText:
    'Sumar vafrakökur eru nauðsynlegar til að vefurinn virki. Með samþykki þínu notum við einnig vafrakökur í þessum tilgangi: {purposes}, og deilum gögnum með {parties}. Þú getur hvenær sem er dregið samþykki þitt til baka eða breytt því.',
  bannerTextNoParties:
    'Sumar vafrakökur eru nauðsynlegar til að vefurinn virki. Með samþykki þínu notum við einnig vafrakökur í þessum tilgangi: {purposes}. Þú getur hvenær sem er dregið samþykki þitt til baka eða breytt því.',
  thirdPartyOne: '{count} þriðja aðila',
  thirdPartyOther: '{count} þriðju aðilum',
  thirdParties: 'Listi yfir þriðju aðila',
  quote: '„{text}“',
  listAnd: '{first} og {last}',
  gpcNotice: 'Vafrinn þinn sendi Global Privacy Control-merki og því er slökkt á markaðssetningu.',
  privacyPolicy: 'Persónuverndarstefna',
  cookiePolicy: 'Vafrakökustefna',
  acceptAll: 'Samþykkja allar',
  rejectAll: 'Hafna öllum',
  customise: 'Sérsníða',
  settingsText: 'Veldu hvaða vafrakökur við megum nota. Ekkert breytist fyrr en þú vistar.',
  save: 'Vista val',
  close: 'Loka',
  alwaysOn: 'Alltaf virkar',
  services: 'Þjónustur ({count})',
  provider: 'Þjónustuaðili',
  purpose: 'Tilgangur',
  recipient: 'Viðtakandi',
  thirdCountries: 'Lönd utan EES',
  roleProcessor: 'vinnsluaðili fyrir vefinn',
  roleJointController: 'sameiginlegur ábyrgðaraðili með vefnum',
  roleController: 'sjálfstæður ábyrgðaraðili',
  transferAdequacy: 'ákvörðun um fullnægjandi vernd, 45. gr. GDPR',
  transferScc: 'staðlaðir samningsskilmálar, 46. gr. GDPR',
  transferBcr: 'bindandi fyrirtækjareglur, 47. gr. GDPR',
  transferDerogation: 'undanþága skv. 49. gr. GDPR',
  transferNone: 'grundvöllur ekki tilgreindur',
  retention: 'Geymslutími',
  cookies: 'Vafrakökur',
  cookie: 'Vafrakaka',
  expiry: 'Gildistími',
  service: 'Þjónusta',
  session: 'Þar til vafranum er lokað',
  dayOne: '{count} dagur',
  dayOther: '{count} dagar',
  providerPolicy: 'Persónuverndarstefna {provider}',
  download: 'Sækja samþykkisskrár mínar',
  erase: 'Eyða vali mínu og samþykkisskrám',
  cancel: 'Hætta við',
  eraseConfirm: 'Eyða vali þínu og samþykkisskrám þessa vafra? Þú færð spurninguna aftur.',
  erased: 'Vali þínu og samþykkisskrám í þessum vafra hefur verið eytt.',
  erasedServer: 'Vefsvæðið hefur einnig eytt sínu afriti og ekkert er geymt.',
  erasedKept:
    'Vefsvæðið geymir skrána yfir val þitt frá {since}, án IP-tölu þinnar, til {until}, til að geta sýnt fram á samþykkið og að þú dróst það til baka.',
  erasedKeptUndated:
    'Vefsvæðið geymir skrána yfir val þitt, án IP-tölu þinnar, til {until}, til að geta sýnt fram á samþykkið og að þú dróst það til baka.',
  erasedGround: 'Lagagrundvöllur: {ground}.',
  erasedUnknown: 'Vefsvæðið var beðið um að eyða sínu afriti en sagði ekki hvað það geymir.',
  erasedWaiting:
    'Vefsvæðið svaraði ekki og því hefur afritinu þar ekki verið eytt enn. Vafrinn reynir aftur, líka í síðari heimsóknum.',
  erasedRefused: 'Vefsvæðið neitaði að eyða afriti sínu. Biddu vefsvæðið um að eyða því.',
  saved: 'Val þitt hefur verið vistað.',
  failed: 'Eitthvað fór úrskeiðis. Reyndu aftur.',
  yourChoice: 'Þitt val',
  noDecision: 'Þú hefur ekki valið enn.',
  consentId: 'Auðkenni samþykkis',
  date: 'Dagsetning',
  granted: 'Leyft',
  refused: 'Hafnað',
  changeConsent: 'Breyta samþykki',
  withdraw: 'Draga samþykki til baka',
  withdrawService: 'Draga samþykki til baka fyrir {service}',
  consentTool: 'Biður um samþykki þitt, man val þitt og geymir samþykkisskrár þess.',
  cookiesAndStorage: 'Vafrakökur og geymsla',
  localStorage: 'Staðbundin geymsla',
  sessionStorage: 'Lotugeymsla',
  indexedDB: 'IndexedDB-gagnagrunnur',
  webStorage: 'Vafrageymsla',
  firstParty: 'Fyrsti aðili',
  thirdParty: 'Þriðji aðili ({domain})',
  untilDeleted: 'Án gildistíma',
  untilRecorded: 'Þar til samþykkisskráin er vistuð, yfirleitt í sekúndu',
  untilSent: 'Þar til samþykkisskrárnar hafa verið sendar',
  untilShown: 'Þar til næsta síða hefur sýnt skilaboðin',
  receiptsKept: 'Þar til þú eyðir þeim (síðustu {count} eru geymdar)',
  journalPurpose: 'Geymir nýtt val þar til samþykkisskrá þess er vistuð, svo ekkert val glatist.',
  outboxPurpose: 'Merkir að samþykkisskrár bíða þess að verða sendar vefnum.',
  waitingPurpose:
    'Merkir hvort samþykkisskrár kunni að bíða þess að verða vistaðar eða sendar, svo aðrar síður þurfi ekki að athuga.',
  erasedPurpose: 'Segir þér á næstu síðu, eftir að þú eyðir gögnunum þínum, hverju var eytt og hvað vefurinn geymir.',
  receiptsPurpose: 'Samþykkisskrár vals þíns, sem þú getur sótt eða eytt.',
  partlyAllowed: 'Leyft að hluta',
  serviceWithdrawn: 'Samþykki fyrir {service} hefur verið dregið til baka.',
  consentCookie: 'Man val þitt um vafrakökur.',
  implicitService:
    'Vefurinn hefur ekki tilgreint þessa þjónustu sérstaklega: hún getur keyrt þegar þessi flokkur er leyfður.',
  necessaryText:
    'Nauðsynlegar til að vefurinn virki, til dæmis til að halda innskráningu og muna þetta val. Ekki er hægt að slökkva á þeim.',
  statisticsText: 'Hjálpa okkur að skilja hvernig vefurinn er notaður svo við getum bætt hann.',
  marketingText: 'Notaðar til að sýna þér viðeigandi auglýsingar hér og á öðrum vefjum og til að mæla þær.',
  preferencesText: 'Muna stillingarnar þínar, til dæmis tungumál eða svæði.',
} satisfies Messages;
