/**
 * Which site a host belongs to, without the Public Suffix List: the last two labels, or three when the
 * second-last is a common second-level label (`co.uk`, `com.au`). An IP address or a single label
 * (`localhost`) is its own site. Good enough to tell a tracker's host from the site's own; an edge case
 * at worst calls a sibling subdomain third party, which the report then shows.
 */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu']);

export function siteOf(host: string): string {
  const bare = host.toLowerCase().replace(/^\.+/, '').replace(/\.$/, '');
  if (/^[\d.]+$/.test(bare) || bare.includes(':')) return bare;
  const labels = bare.split('.');
  if (labels.length <= 2) return bare;
  const take = SECOND_LEVEL.has(labels.at(-2) as string) && (labels.at(-1) as string).length === 2 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Whether `host` (a request host or a cookie domain) belongs to the same site as `siteHost`. */
export function sameSite(host: string, siteHost: string): boolean {
  return siteOf(host) === siteOf(siteHost);
}

/** Whether a name matches a declared pattern, where `*` stands for any characters. */
export function matchesPattern(name: string, pattern: string): boolean {
  if (!pattern.includes('*')) return name === pattern;
  const parts = pattern.split('*');
  const first = parts[0] as string;
  const last = parts.at(-1) as string;
  if (!name.startsWith(first) || name.length < first.length + last.length || !name.endsWith(last)) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found < 0 || found > name.length - last.length) return false;
    at = found + part.length;
  }
  return at <= name.length - last.length;
}
