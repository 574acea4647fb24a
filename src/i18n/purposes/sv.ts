/** What each built-in vendor is used for, in sv. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Mäter hur besökare använder webbplatsen.',
  'universal-analytics': 'Mäter hur besökare använder webbplatsen.',
  'google-tag-manager': 'Laddar webbplatsens mät- och annonstaggar.',
  'google-ads': 'Mäter annonskonverteringar och visar annonser för tidigare besökare (remarketing).',
  hotjar: 'Värmekartor och inspelningar av besök.',
  'meta-pixel': 'Konverteringar och målgrupper för annonser på Facebook och Instagram.',
  'linkedin-insight': 'Konverteringar och målgrupper för annonser på LinkedIn.',
  'tiktok-pixel': 'Konverteringar och målgrupper för annonser på TikTok.',
  'microsoft-clarity': 'Värmekartor och inspelningar av besök.',
  'microsoft-uet': 'Konverteringar och remarketing för annonser på Bing.',
  'matomo-cloud': 'Mäter hur besökare använder webbplatsen.',
  youtube: 'Spelar upp inbäddade videor.',
  vimeo: 'Spelar upp inbäddade videor.',
  'google-maps': 'Visar inbäddade kartor.',
};
