/** What each built-in vendor is used for, in nn. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Måler korleis besøkjande brukar nettstaden.',
  'universal-analytics': 'Måler korleis besøkjande brukar nettstaden.',
  'google-tag-manager': 'Lastar inn måle- og annonsekodane til nettstaden.',
  'google-ads': 'Måler annonsekonverteringar og viser annonsar til tidlegare besøkjande (remarketing).',
  hotjar: 'Varmekart og opptak av økter.',
  'meta-pixel': 'Konverteringar og målgrupper for annonsar på Facebook og Instagram.',
  'linkedin-insight': 'Konverteringar og målgrupper for annonsar på LinkedIn.',
  'tiktok-pixel': 'Konverteringar og målgrupper for annonsar på TikTok.',
  'microsoft-clarity': 'Varmekart og opptak av økter.',
  'microsoft-uet': 'Konverteringar og remarketing for annonsar på Bing.',
  'matomo-cloud': 'Måler korleis besøkjande brukar nettstaden.',
  youtube: 'Spelar av innebygde videoar.',
  vimeo: 'Spelar av innebygde videoar.',
  'google-maps': 'Viser innebygde kart.',
};
