/**
 * Every attribute through which an element of the kinds trackers use makes the browser request a URL, by local
 * name (SVG's `<script href>` and `<image href>` included). One table serves the property patches, the
 * `setAttribute` family, the markup rewriting and the observer, so a route closed in one is closed in all.
 * Scripts and frames are *held* (kept, released on consent); for everything else a blocked URL is dropped.
 */
import type { RuleMatch } from './rules.js';

// No prototype: markup may name any element, and `<constructor>` must not find Object's constructor here.
export const URL_ATTRIBUTES: Readonly<Record<string, readonly string[] | undefined>> = Object.setPrototypeOf(
  {
    script: ['src', 'href', 'xlink:href'],
    iframe: ['src'],
    img: ['src', 'srcset'],
    source: ['src', 'srcset'],
    link: ['href'],
    video: ['src', 'poster'],
    audio: ['src'],
    track: ['src'],
    object: ['data'],
    embed: ['src'],
    input: ['src'],
    form: ['action'],
    image: ['href', 'xlink:href'],
    a: ['ping'],
    area: ['ping'],
  },
  null,
);

/** The selector of every element the table names. */
export const URL_ELEMENTS = Object.keys(URL_ATTRIBUTES).join(',');

/** Whether a blocked URL in this element's `attribute` is held for later (scripts and frames) or dropped. */
export const holds = (tag: string, attribute: string): boolean =>
  (tag === 'script' && attribute !== 'srcset') || (tag === 'iframe' && attribute === 'src');

/**
 * The rule that holds back a URL one attribute value asks for, checking them in order until one is held:
 * `srcset` is a list of `url descriptor` candidates and `ping` a list of URLs, both split on white space with the
 * candidates' commas trimmed (a URL never starts or ends with one that matters here); every other attribute is a
 * single URL.
 */
export function heldUrl(
  check: (url: string, kind: string) => RuleMatch | undefined,
  tag: string,
  attribute: string,
  value: string,
): RuleMatch | undefined {
  const urls = attribute !== 'srcset' && attribute !== 'ping' ? [value] : value.split(/\s+/);
  for (const url of urls) {
    const part = url.replace(/^,+|,+$/g, '');
    const match = part ? check(part, tag) : undefined;
    if (match) return match;
  }
  return undefined;
}

/** The tag's URL attribute called `name` (any case), if it is one. */
export function urlAttribute(element: Element, name: string): string | undefined {
  const names = URL_ATTRIBUTES[element.localName];
  if (!names) return undefined;
  const lower = String(name).toLowerCase();
  return names.includes(lower) ? lower : undefined;
}
