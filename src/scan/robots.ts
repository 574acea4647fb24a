/** The user agent token robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'samtykke-scan';

interface Rule {
  allow: boolean;
  pattern: RegExp;
  length: number;
}

/**
 * A robots.txt check (RFC 9309): the group for `samtykke-scan`, else the `*` group; the longest matching
 * rule wins and Allow wins a tie; `*` and a final `$` work as wildcards. No file means everything is allowed.
 */
export function parseRobots(text: string): (path: string) => boolean {
  const groups: Array<{ agents: string[]; rules: Rule[] }> = [];
  let current: { agents: string[]; rules: Rule[] } | undefined;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current || (field !== 'allow' && field !== 'disallow')) continue;
    if (field === 'disallow' && value === '') continue;
    current.rules.push({ allow: field === 'allow', pattern: toPattern(value), length: value.length });
  }
  const group =
    groups.find((candidate) => candidate.agents.includes(ROBOTS_AGENT)) ??
    groups.find((candidate) => candidate.agents.includes('*'));
  return (path) => {
    let best: Rule | undefined;
    for (const rule of group?.rules ?? []) {
      if (!rule.pattern.test(path)) continue;
      if (!best || rule.length > best.length || (rule.length === best.length && rule.allow)) best = rule;
    }
    return best?.allow ?? true;
  };
}

function toPattern(value: string): RegExp {
  const anchored = value.endsWith('$');
  const body = (anchored ? value.slice(0, -1) : value)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}
