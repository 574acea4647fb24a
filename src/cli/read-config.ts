import { readLiteral } from './literal.js';

/** A config file that could not be read as a config at all (not JSON, no config in the page…). */
export class UnreadableConfig extends Error {
  override name = 'UnreadableConfig';
}

/** `window.samtykkeConfig = `, `globalThis.samtykkeConfig = `, `export default `, `module.exports = `. */
const ASSIGNMENT =
  /(?:\b(?:window|globalThis|self)\s*\.\s*samtykkeConfig|\bsamtykkeConfig)\s*=(?!=)|\bexport\s+default\b|\bmodule\s*\.\s*exports\s*=/;

export function configFromJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnreadableConfig(`not valid JSON (${(error as Error).message})`);
  }
}

/** The value assigned to `window.samtykkeConfig` (or exported) in a script, read without running it. */
export function configFromScript(text: string): unknown {
  const found = ASSIGNMENT.exec(text);
  if (!found) {
    throw new UnreadableConfig(
      'no "window.samtykkeConfig = {…}" (or "export default {…}") in the script; write the config there, or check a .json file',
    );
  }
  try {
    return readLiteral(text, found.index + found[0].length).value;
  } catch (error) {
    throw new UnreadableConfig(`the config is not a plain value: ${(error as Error).message}`);
  }
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const CONFIG_ID = /\bid\s*=\s*(?:"samtykke-config"|'samtykke-config'|samtykke-config(?![\w-]))/i;

/**
 * The config a page gives the loader, as the loader finds it: an inline `window.samtykkeConfig = {…}` first,
 * else `<script type="application/json" id="samtykke-config">`. Scripts are read as text, never run.
 */
export function configFromHtml(html: string): unknown {
  const page = html.replace(/<!--[\s\S]*?-->/g, '');
  const scripts = [...page.matchAll(SCRIPT)].map((match) => ({ attributes: match[1] ?? '', body: match[2] ?? '' }));
  const inline = scripts.find((script) => !/\bsrc\s*=/i.test(script.attributes) && ASSIGNMENT.test(script.body));
  if (inline && !CONFIG_ID.test(inline.attributes)) return configFromScript(inline.body);
  const json = scripts.find((script) => CONFIG_ID.test(script.attributes));
  if (json) {
    try {
      return JSON.parse(json.body);
    } catch (error) {
      throw new UnreadableConfig(`#samtykke-config is not valid JSON (${(error as Error).message})`);
    }
  }
  throw new UnreadableConfig(
    'no <script type="application/json" id="samtykke-config"> and no inline "window.samtykkeConfig = {…}" in the page',
  );
}

/** How to read a file, from its name: JSON, a script, or a page. */
export function configFrom(text: string, name: string, html = false): unknown {
  if (html || /\.x?html?$/i.test(name)) return configFromHtml(text);
  if (/\.[cm]?[jt]s$/i.test(name)) return configFromScript(text);
  return configFromJson(text);
}
