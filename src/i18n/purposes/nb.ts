/** What each built-in vendor is used for, in nb. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Måler hvordan besøkende bruker nettstedet.',
  'universal-analytics': 'Måler hvordan besøkende bruker nettstedet.',
  'google-tag-manager': 'Laster nettstedets måle- og annonsekoder.',
  'google-ads': 'Måler annonsekonverteringer og viser annonser til tidligere besøkende (remarketing).',
  hotjar: 'Varmekart og opptak av økter.',
  'meta-pixel': 'Konverteringer og målgrupper for annonser på Facebook og Instagram.',
  'linkedin-insight': 'Konverteringer og målgrupper for annonser på LinkedIn.',
  'tiktok-pixel': 'Konverteringer og målgrupper for annonser på TikTok.',
  'microsoft-clarity': 'Varmekart og opptak av økter.',
  'microsoft-uet': 'Konverteringer og remarketing for annonser på Bing.',
  'matomo-cloud': 'Måler hvordan besøkende bruker nettstedet.',
  youtube: 'Spiller av innebygde videoer.',
  vimeo: 'Spiller av innebygde videoer.',
  'google-maps': 'Viser innebygde kart.',
};
