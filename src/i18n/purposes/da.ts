/** What each built-in vendor is used for, in da. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Måler, hvordan besøgende bruger hjemmesiden.',
  'universal-analytics': 'Måler, hvordan besøgende bruger hjemmesiden.',
  'google-tag-manager': 'Indlæser hjemmesidens måle- og annoncekoder.',
  'google-ads': 'Måler annoncekonverteringer og viser annoncer til tidligere besøgende (remarketing).',
  hotjar: 'Heatmaps og optagelser af besøg.',
  'meta-pixel': 'Konverteringer og målgrupper til annoncer på Facebook og Instagram.',
  'linkedin-insight': 'Konverteringer og målgrupper til annoncer på LinkedIn.',
  'tiktok-pixel': 'Konverteringer og målgrupper til annoncer på TikTok.',
  'microsoft-clarity': 'Heatmaps og optagelser af besøg.',
  'microsoft-uet': 'Konverteringer og remarketing til annoncer på Bing.',
  'matomo-cloud': 'Måler, hvordan besøgende bruger hjemmesiden.',
  youtube: 'Afspiller indlejrede videoer.',
  vimeo: 'Afspiller indlejrede videoer.',
  'google-maps': 'Viser indlejrede kort.',
};
