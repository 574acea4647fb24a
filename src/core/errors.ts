/** Thrown by `normalizeConfig()` (and so by `createSamtykke()`) when the config is wrong. */
export class ConfigError extends Error {
  /** Where in the config the problem is, e.g. `config.categories.marketing.services[1].cookies`. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`samtykke: ${path}: ${problem}`);
    this.name = 'ConfigError';
    this.path = path;
  }
}

/** A short, readable rendering of a bad value for error messages: `"x"`, `42`, `an object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** Builds the "expected X, got Y" error for a path. */
export function expected(path: string, what: string, value: unknown): ConfigError {
  return new ConfigError(path, `expected ${what}, got ${describeValue(value)}`);
}

/** The closest known word within two edits, for "did you mean" hints on misspelt keys. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
