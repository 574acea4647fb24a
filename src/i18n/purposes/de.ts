/** What each built-in vendor is used for, in de. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Misst, wie Besucher die Website nutzen.',
  'universal-analytics': 'Misst, wie Besucher die Website nutzen.',
  'google-tag-manager': 'Lädt die Mess- und Marketing-Tags der Website.',
  'google-ads': 'Misst Anzeigen-Conversions und zeigt früheren Besuchern Anzeigen (Remarketing).',
  hotjar: 'Heatmaps und Sitzungsaufzeichnungen.',
  'meta-pixel': 'Anzeigen-Conversions und Zielgruppen auf Facebook und Instagram.',
  'linkedin-insight': 'Anzeigen-Conversions und Zielgruppen auf LinkedIn.',
  'tiktok-pixel': 'Anzeigen-Conversions und Zielgruppen auf TikTok.',
  'microsoft-clarity': 'Heatmaps und Sitzungsaufzeichnungen.',
  'microsoft-uet': 'Anzeigen-Conversions und Remarketing auf Bing.',
  'matomo-cloud': 'Misst, wie Besucher die Website nutzen.',
  youtube: 'Spielt eingebettete Videos ab.',
  vimeo: 'Spielt eingebettete Videos ab.',
  'google-maps': 'Zeigt eingebettete Karten.',
};
