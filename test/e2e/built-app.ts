import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { MESSAGES } from '../../src/i18n/messages.js';
import { PURPOSES } from '../../src/i18n/purposes/index.js';
import type { Harness } from './harness.js';

/** Every file under `dir`, as paths relative to it. */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

const TYPES: Readonly<Record<string, string>> = { html: 'text/html; charset=utf-8', css: 'text/css' };

/**
 * Serves a bundler's output directory on the harness's site under `base` (`/`, `/app/`), `index.html` at `base`
 * itself; returns each served path's text, to tell afterwards what the browser downloaded.
 */
export async function serveBuild(harness: Harness, dir: string, base = '/'): Promise<Map<string, string>> {
  const served = new Map<string, string>();
  for (const file of await filesIn(dir)) {
    const body = await readFile(join(dir, file));
    const path = file === 'index.html' ? base : `${base}${file}`;
    const type = TYPES[file.split('.').at(-1) ?? ''] ?? 'text/javascript';
    served.set(path, body.toString('utf8'));
    harness.route(
      'GET',
      path,
      (_request, response) => void response.writeHead(200, { 'content-type': type }).end(body),
    );
  }
  return served;
}

/**
 * A run of plain ASCII from each language's text that no other language has, so it survives any bundler's
 * minifier and charset escaping: found in a file, that language's texts are in it.
 */
function markers(texts: (language: string) => string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const language of LANGUAGES) {
    const runs = texts(language).match(/[A-Za-z ,.]{12,}/g) ?? [];
    const others = LANGUAGES.filter((other) => other !== language).map(texts);
    const own = runs
      .map((run) => run.trim())
      .sort((a, b) => b.length - a.length)
      .find((run) => run.length >= 12 && others.every((text) => !text.includes(run)));
    if (!own) throw new Error(`no marker for ${language}`);
    result[language] = own;
  }
  return result;
}

const TEXT_MARKERS = markers((language) => Object.values(MESSAGES[language] ?? {}).join('\n'));
const PURPOSE_MARKERS = markers((language) => Object.values(PURPOSES[language] ?? {}).join('\n'));

/** The languages whose UI texts (or, with `'purposes'`, vendor purposes) are in any of `bodies`. */
export function languagesIn(bodies: Iterable<string>, what: 'texts' | 'purposes' = 'texts'): string[] {
  const all = [...bodies].join('\n');
  const table = what === 'texts' ? TEXT_MARKERS : PURPOSE_MARKERS;
  return LANGUAGES.filter((language) => all.includes(table[language] ?? '\u0000'));
}

/** The served files the browser requested so far. */
export function downloaded(harness: Harness, served: Map<string, string>): string[] {
  return harness.requests.flatMap((request) => served.get(request.path) ?? []);
}

/**
 * How a bundler split the languages: what the entry carries (nothing, for an app that downloads one language),
 * which script files carry more than one language's texts or purposes (none), and which languages the scripts
 * carry between them (all eight, texts and purposes).
 */
export function languageSplit(served: Map<string, string>, entry: string) {
  const scripts = [...served].filter(([path]) => path.endsWith('.js'));
  const bodies = scripts.map(([, body]) => body);
  const both = (body: string) => [...languagesIn([body]), ...languagesIn([body], 'purposes')];
  return {
    inEntry: both(served.get(entry) ?? ''),
    mixed: scripts.filter(([, body]) => both(body).length > 1).map(([path]) => path),
    texts: languagesIn(bodies),
    purposes: languagesIn(bodies, 'purposes'),
  };
}

/** What `languageSplit` finds in a bundle that downloads one language. */
export const ONE_LANGUAGE_PER_CHUNK = { inEntry: [], mixed: [], texts: [...LANGUAGES], purposes: [...LANGUAGES] };
