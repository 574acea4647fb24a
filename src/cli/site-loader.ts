/**
 * Joins the per-site loader's template (`dist/samtykke.site.js`) with an owner's normalized config: the config is
 * written into the file as an object literal and the file is named by a hash of what it holds, so a changed config
 * is a new URL that no cache confuses with the old one.
 */
import { createHash } from 'node:crypto';
import { type NormalizedConfig, VENDORS, withoutCatalogue } from '../core/index.js';

/** What `src/loader/site-entry.ts` leaves in the minified template where the config goes. */
const MARKER = /JSON\.parse\((['"])"__SAMTYKKE_SITE_CONFIG__"\1\)/g;

/** A per-site loader: its file name, its text and the SRI hash of its bytes for the `integrity` attribute. */
export interface SiteLoader {
  file: string;
  source: string;
  integrity: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A value as a JavaScript expression: JSON, with the keys that are identifiers unquoted and booleans `!0`/`!1`.
 * `__proto__` would set the object's prototype in a literal, so it is refused (full validation refuses it too).
 */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    return `{${members
      .map(([key, member]) => {
        if (key === '__proto__') throw new Error('samtykke: a config key "__proto__" cannot be compiled');
        return `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}:${literal(member)}`;
      })
      .join(',')}}`;
  }
  // As the minifier writes them in the rest of the file: two and three bytes fewer each.
  if (typeof value === 'boolean') return value ? '!0' : '!1';
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`samtykke: a ${typeof value} cannot be compiled into the loader`);
  return text;
}

/**
 * The template with `config` in place of its marker, without what the catalogue says already of the built-in vendors'
 * cookies and storage keys (core/compiled-config.ts). @throws when the template is not the per-site loader's.
 */
export function joinSiteLoader(template: string, config: NormalizedConfig): SiteLoader {
  const found = template.match(MARKER)?.length ?? 0;
  if (found !== 1) {
    throw new Error(`samtykke: the per-site loader template has ${found} config markers, not 1; is the package built?`);
  }
  const source = template.replace(MARKER, () => literal(withoutCatalogue(config, VENDORS)));
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const integrity = `sha384-${createHash('sha384').update(source).digest('base64')}`;
  return { file: `samtykke.${hash}.js`, source, integrity };
}
