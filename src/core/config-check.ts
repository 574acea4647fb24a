import { configProblems, normalizeConfig } from './config.js';
import { configWarnings } from './config-warnings.js';
import type { ConfigError } from './errors.js';

/** What a full check of a config found: every error, and (when it has none) the owner's guard-rail warnings. */
export interface ConfigCheck {
  errors: ConfigError[];
  warnings: string[];
}

/**
 * The full check the development loader and `samtykke check-config` run: every error `normalizeConfig` would
 * throw (the first one first), then the warnings a valid config may still deserve (`configWarnings`).
 */
export function checkConfig(input: unknown): ConfigCheck {
  const errors = configProblems(input);
  return { errors, warnings: errors.length > 0 ? [] : configWarnings(normalizeConfig(input)) };
}
