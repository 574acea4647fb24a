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

/** Whether the config's problems are on the console already, so the boot does not print the first again. */
let explained = false;
try {
  const { errors, warnings } = checkConfig(readPageConfig(window));
  for (const error of errors) console.error(PREFIX, error.message);
  for (const warning of warnings) console.warn(PREFIX, warning);
  explained = errors.length > 0;
} catch (error) {
  console.error(PREFIX, error instanceof Error ? error.message : String(error));
  explained = true;
}

startScriptTag(
  window,
  // Every problem is on the console already: the boot's refusal does not print the first a second time.
  explained ? () => console.error(PREFIX, 'nothing runs until the config errors above are fixed.') : undefined,
);
