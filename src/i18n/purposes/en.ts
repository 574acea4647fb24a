/** What each built-in vendor is used for, in English; the fallback for languages without their own list. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Measures how visitors use the site.',
  'universal-analytics': 'Measures how visitors use the site.',
  'google-tag-manager': 'Loads the site’s measurement and marketing tags.',
  'google-ads': 'Measures ad conversions and shows ads to earlier visitors (remarketing).',
  hotjar: 'Heatmaps and session recordings.',
  'meta-pixel': 'Ad conversions and audiences on Facebook and Instagram.',
  'linkedin-insight': 'Ad conversions and audiences on LinkedIn.',
  'tiktok-pixel': 'Ad conversions and audiences on TikTok.',
  'microsoft-clarity': 'Heatmaps and session recordings.',
  'microsoft-uet': 'Ad conversions and remarketing on Bing.',
  'matomo-cloud': 'Measures how visitors use the site.',
  youtube: 'Plays embedded videos.',
  vimeo: 'Plays embedded videos.',
  'google-maps': 'Shows embedded maps.',
};
