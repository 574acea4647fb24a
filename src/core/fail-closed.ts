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

/**
 * Collects every string under a `hosts` list or a `pattern` key, at any depth, from the config's JSON text: the
 * text a `<script type="application/json">` held (parsed or not), or the JSON of `window.samtykkeConfig` (an object
 * that does not stringify — a cycle, a throwing getter — leaves only the built-in vendors held).
 */
export function patternsIn(raw: unknown): string[] {
  let text = '';
  try {
    text = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? '');
  } catch {
    // Nothing to search; the built-in vendors stay held.
  }
  const found = new Set<string>();
  for (const match of text.matchAll(/"(?:hosts|pattern)"\s*:\s*(\[[^\]]*\]|"[^"]*")/g)) {
    for (const item of (match[1] ?? '').matchAll(/"([^"]*)"/g)) {
      const pattern = (item[1] ?? '').trim();
      if (HOST_PATTERN.test(pattern)) found.add(pattern);
    }
  }
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
