/** What each built-in vendor is used for, in is. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Mælir hvernig gestir nota vefinn.',
  'universal-analytics': 'Mælir hvernig gestir nota vefinn.',
  'google-tag-manager': 'Hleður inn mælinga- og markaðsmerkjum vefsins.',
  'google-ads': 'Mælir árangur auglýsinga og sýnir fyrri gestum auglýsingar (endurmarkaðssetning).',
  hotjar: 'Hitakort og upptökur af heimsóknum.',
  'meta-pixel': 'Árangur auglýsinga og markhópar á Facebook og Instagram.',
  'linkedin-insight': 'Árangur auglýsinga og markhópar á LinkedIn.',
  'tiktok-pixel': 'Árangur auglýsinga og markhópar á TikTok.',
  'microsoft-clarity': 'Hitakort og upptökur af heimsóknum.',
  'microsoft-uet': 'Árangur auglýsinga og endurmarkaðssetning á Bing.',
  'matomo-cloud': 'Mælir hvernig gestir nota vefinn.',
  youtube: 'Spilar innfelld myndbönd.',
  vimeo: 'Spilar innfelld myndbönd.',
  'google-maps': 'Sýnir innfelld kort.',
};
