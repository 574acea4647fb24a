/** The languages samtykke ships texts for (BCP 47 primary subtags). */
export const LANGUAGES: readonly string[] = ['en', 'nb', 'nn', 'da', 'sv', 'fi', 'is', 'de'];
