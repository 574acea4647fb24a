import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PART_FILES, SITE_TEMPLATE, SITE_TEMPLATE_WITHOUT_CONSENT_MODE } from '../../src/assets/files.js';
import { runBuildLoader } from '../../src/cli/build-loader.js';
import type { Harness } from './harness.js';

/** A per-site loader as a page names it, and what the file holds. */
export interface ServedLoader {
  /** `/<folder>/samtykke.<hash>.js` */
  path: string;
  source: string;
}

/**
 * Builds a per-site loader from `config` as an owner does (`samtykke build-loader` with the package's templates,
 * from dist/) and serves the folder it wrote, the lazily loaded parts beside the loader, under `/<folder>/`.
 */
export async function serveSiteLoader(harness: Harness, folder: string, config: unknown): Promise<ServedLoader> {
  const out = await mkdtemp(join(tmpdir(), `samtykke-${folder}-`));
  const file = join(out, 'site-config.json');
  await writeFile(file, JSON.stringify(config));
  const written = join(out, 'public');
  const io = { out: () => {}, err: (text: string) => console.error(text), stdin: async () => '' };
  const built = { dir: 'dist', template: SITE_TEMPLATE, withoutConsentMode: SITE_TEMPLATE_WITHOUT_CONSENT_MODE };
  expect(await runBuildLoader([file, '--out', written], io, { ...built, parts: PART_FILES })).toBe(0);
  const served: ServedLoader = { path: '', source: '' };
  for (const name of await readdir(written)) {
    const body = await readFile(join(written, name));
    if (/^samtykke\.[0-9a-f]+\.js$/.test(name))
      Object.assign(served, { path: `/${folder}/${name}`, source: `${body}` });
    harness.route('GET', `/${folder}/${name}`, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    });
  }
  return served;
}
