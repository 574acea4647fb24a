/**
 * When the config is broken, nothing it was meant to allow can be trusted, but what it names as trackers still
 * can: every host and rule pattern found anywhere in the raw config, however misspelt the keys around it, is
 * blocked along with the built-in vendors.
 */
import { HOST_PATTERN } from './formats.js';
import type { NormalizedConfig } from './normalized.js';
import { readConfig } from './read-config.js';

/** The category the fail-closed rules belong to: no decision can grant it. */
const NOTHING = 'samtykke-unconfigured';

/** Collects every string under a `hosts` list or a `pattern` key, at any depth; text is searched for them too. */
export function patternsIn(raw: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if ((key === 'hosts' || key === 'pattern') && HOST_PATTERN.test(value.trim())) found.add(value.trim());
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) for (const item of value) walk(item, key);
    else for (const [name, member] of Object.entries(value)) walk(member, name);
  };
  if (typeof raw === 'string') {
    // JSON that does not parse: pick the patterns out of the text.
    for (const match of raw.matchAll(/"(?:hosts|pattern)"\s*:\s*(\[[^\]]*\]|"[^"]*")/g)) {
      for (const item of (match[1] ?? '').matchAll(/"([^"]*)"/g)) walk(item[1], 'hosts');
    }
  } else walk(raw, '');
  return [...found];
}

/** The built-in defaults plus a rule for every pattern the raw config declares, none of which can be allowed. */
export function failClosedConfig(raw: unknown): NormalizedConfig {
  const base = readConfig(undefined);
  return {
    ...base,
    blocking: { ...base.blocking, rules: patternsIn(raw).map((pattern) => ({ pattern, category: NOTHING })) },
  };
}
