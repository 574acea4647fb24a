/**
 * The development loader (`dist/samtykke.dev.js`): the script-tag loader plus the full config check, for use
 * while a site is being set up. Before it boots it prints every config error (not only the first, which is all
 * the production loader reports) and every owner warning; then it boots exactly as `samtykke.js` does, so a bad
 * config still fails closed with the trackers held.
 */
import { checkConfig } from '../core/index.js';
import { readPageConfig, startScriptTag } from './index.js';

// The runtime shares the loader's code through `window.SamtykkeLoader`, whichever of the two loaders is on the page.
export * from './provides.js';

const PREFIX = 'samtykke.dev.js:';

try {
  const { errors, warnings } = checkConfig(readPageConfig(window));
  for (const error of errors) console.error(PREFIX, error.message);
  for (const warning of warnings) console.warn(PREFIX, warning);
} catch (error) {
  console.error(PREFIX, error instanceof Error ? error.message : String(error));
}

startScriptTag(window);
