/**
 * The law a controller follows, from its country: the GDPR applies as EU law in the member states and through the
 * EEA Agreement in Norway, Iceland and Liechtenstein; elsewhere the country's own law. No country: `EU`.
 */
export function jurisdictionOf(country: unknown): string {
  if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) return 'EU';
  if (['NO', 'IS', 'LI'].includes(country)) return 'EEA';
  return 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.includes(country)
    ? 'EU'
    : country;
}
