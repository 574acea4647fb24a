/** What each built-in vendor is used for, in fi. */
export const purposes: Readonly<Record<string, string>> = {
  'google-analytics': 'Mittaa, miten kävijät käyttävät sivustoa.',
  'universal-analytics': 'Mittaa, miten kävijät käyttävät sivustoa.',
  'google-tag-manager': 'Lataa sivuston mittaus- ja markkinointitagit.',
  'google-ads':
    'Mittaa mainosten konversioita ja näyttää mainoksia sivustolla aiemmin käyneille (uudelleenmarkkinointi).',
  hotjar: 'Lämpökartat ja käyntien tallenteet.',
  'meta-pixel': 'Mainosten konversiot ja kohdeyleisöt Facebookissa ja Instagramissa.',
  'linkedin-insight': 'Mainosten konversiot ja kohdeyleisöt LinkedInissä.',
  'tiktok-pixel': 'Mainosten konversiot ja kohdeyleisöt TikTokissa.',
  'microsoft-clarity': 'Lämpökartat ja käyntien tallenteet.',
  'microsoft-uet': 'Mainosten konversiot ja uudelleenmarkkinointi Bingissä.',
  'matomo-cloud': 'Mittaa, miten kävijät käyttävät sivustoa.',
  youtube: 'Toistaa upotettuja videoita.',
  vimeo: 'Toistaa upotettuja videoita.',
  'google-maps': 'Näyttää upotettuja karttoja.',
};
