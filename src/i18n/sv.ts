import type { Messages } from './en.js';

/**
 * Swedish texts of the banner, preferences and declaration.
 *
 * Ordlista (ett ord per begrepp i hela filen):
 * - cookie: ”kaka” (plural ”kakor”); kategoriernas namn citeras inom ””.
 * - consent: ”samtycke” — lämna, återkalla, ändra sitt samtycke.
 * - choice: ”val” — besökarens aktuella svar.
 * - consent records: ”samtyckesposter” — kvittona för varje val, som kan laddas ner och raderas.
 * - third party: ”tredje part” (plural ”tredje parter”).
 * - service / provider: ”tjänst” / ”leverantör”.
 * - status: ”Tillåts” / ”Tillåts inte”, som inte böjs efter kategorinamnen (”Nödvändiga”, ”Statistik”).
 * - lifetimes: ”dagar”, ”månader”, ”år” (inte ”dygn”).
 */
export const sv = {
  settings: 'Inställningar för kakor',
  necessary: 'Nödvändiga',
  statistics: 'Statistik',
  marketing: 'Marknadsföring',
  preferences: 'Preferenser',
  bannerLabel: 'Samtycke till kakor',
  bannerTitle: 'Vi använder kakor',
  bannerText:
    'Vissa kakor behövs för att webbplatsen ska fungera. Med ditt samtycke använder vi också kakor för {purposes} och delar uppgifter med {parties}. Du kan när som helst återkalla eller ändra ditt samtycke.',
  bannerTextNoParties:
    'Vissa kakor behövs för att webbplatsen ska fungera. Med ditt samtycke använder vi också kakor för {purposes}. Du kan när som helst återkalla eller ändra ditt samtycke.',
  thirdPartyOne: '{count} tredje part',
  thirdPartyOther: '{count} tredje parter',
  thirdParties: 'Lista över tredje parter',
  quote: '”{text}”',
  listAnd: '{first} och {last}',
  gpcNotice: 'Din webbläsare skickade en Global Privacy Control-signal, så marknadsföring är avstängd.',
  privacyPolicy: 'Integritetspolicy',
  cookiePolicy: 'Kakpolicy',
  acceptAll: 'Godkänn alla',
  rejectAll: 'Avvisa alla',
  customise: 'Anpassa',
  settingsText: 'Välj vilka kakor vi får använda. Inget ändras förrän du sparar.',
  save: 'Spara val',
  close: 'Stäng',
  alwaysOn: 'Alltid på',
  services: 'Tjänster ({count})',
  provider: 'Leverantör',
  purpose: 'Syfte',
  recipient: 'Mottagare',
  thirdCountries: 'Länder utanför EES',
  roleProcessor: 'personuppgiftsbiträde för webbplatsen',
  roleJointController: 'gemensamt personuppgiftsansvarig med webbplatsen',
  roleController: 'självständigt personuppgiftsansvarig',
  transferAdequacy: 'beslut om adekvat skyddsnivå, GDPR art. 45',
  transferScc: 'standardavtalsklausuler, GDPR art. 46',
  transferBcr: 'bindande företagsbestämmelser, GDPR art. 47',
  transferDerogation: 'undantag enligt GDPR art. 49',
  transferNone: 'ingen grund angiven',
  retention: 'Lagringstid',
  cookies: 'Kakor',
  cookie: 'Kaka',
  expiry: 'Giltighetstid',
  service: 'Tjänst',
  session: 'Tills webbläsaren stängs',
  dayOne: '{count} dag',
  dayOther: '{count} dagar',
  providerPolicy: 'Integritetspolicy för {provider}',
  download: 'Ladda ner mina samtyckesposter',
  erase: 'Radera mitt val och mina samtyckesposter',
  cancel: 'Avbryt',
  eraseConfirm: 'Vill du radera ditt val och samtyckesposterna för den här webbläsaren? Du får frågan igen.',
  erased: 'Ditt val och samtyckesposterna i den här webbläsaren har raderats.',
  erasedServer: 'Webbplatsen har också raderat sin kopia, och ingenting sparas.',
  erasedKept:
    'Webbplatsen sparar loggen över dina val från {since}, utan din IP-adress, fram till {until}, för att kunna visa samtycket och att du återkallade det.',
  erasedKeptUndated:
    'Webbplatsen sparar loggen över dina val, utan din IP-adress, fram till {until}, för att kunna visa samtycket och att du återkallade det.',
  erasedGround: 'Rättslig grund: {ground}.',
  erasedUnknown: 'Webbplatsen ombads radera sin kopia men angav inte vad den sparar.',
  erasedWaiting:
    'Webbplatsen svarade inte, så kopian där är inte raderad än. Webbläsaren försöker igen, även vid senare besök.',
  erasedRefused: 'Webbplatsen vägrade radera sin kopia. Be webbplatsen att radera den.',
  saved: 'Dina val har sparats.',
  failed: 'Något gick fel. Försök igen.',
  yourChoice: 'Ditt val',
  noDecision: 'Du har inte gjort något val än.',
  consentId: 'Samtyckes-ID',
  date: 'Datum',
  granted: 'Tillåts',
  refused: 'Tillåts inte',
  changeConsent: 'Ändra samtycke',
  withdraw: 'Återkalla samtycke',
  withdrawService: 'Återkalla samtycke för {service}',
  consentTool: 'Ber om ditt samtycke, kommer ihåg ditt val och sparar dess samtyckesposter.',
  cookiesAndStorage: 'Kakor och lagring',
  localStorage: 'Lokal lagring',
  sessionStorage: 'Sessionslagring',
  indexedDB: 'IndexedDB-databas',
  webStorage: 'Webbläsarlagring',
  firstParty: 'Förstapart',
  thirdParty: 'Tredje part ({domain})',
  untilDeleted: 'Tills den raderas',
  untilRecorded: 'Tills samtyckesposten är sparad, oftast en sekund',
  untilSent: 'Tills samtyckesposterna har skickats',
  untilShown: 'Tills nästa sida har visat meddelandet',
  receiptsKept: 'Tills du raderar dem (de senaste {count} sparas)',
  journalPurpose: 'Håller kvar ett nytt val tills dess samtyckespost är sparad, så att inget val går förlorat.',
  outboxPurpose: 'Markerar att samtyckesposter väntar på att skickas till webbplatsen.',
  waitingPurpose:
    'Markerar om samtyckesposter kan vänta på att sparas eller skickas, så att andra sidor slipper kontrollera.',
  erasedPurpose:
    'När du har raderat dina uppgifter berättar den på nästa sida vad som raderades och vad webbplatsen behåller.',
  receiptsPurpose: 'Samtyckesposterna för dina val, som du kan ladda ner eller radera.',
  partlyAllowed: 'Tillåts delvis',
  serviceWithdrawn: 'Samtycket för {service} har återkallats.',
  consentCookie: 'Kommer ihåg ditt val om kakor.',
  implicitService: 'Inte angiven var för sig av webbplatsen: kan köras när den här kategorin tillåts.',
  necessaryText:
    'Behövs för att webbplatsen ska fungera, till exempel för att hålla dig inloggad och komma ihåg det här valet. De kan inte stängas av.',
  statisticsText: 'Hjälper oss att förstå hur webbplatsen används så att vi kan förbättra den.',
  marketingText: 'Används för att visa dig relevanta annonser här och på andra webbplatser, och för att mäta dem.',
  preferencesText: 'Kommer ihåg dina inställningar, till exempel språk eller region.',
} satisfies Messages;
