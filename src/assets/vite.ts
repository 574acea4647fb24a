/**
 * `samtykke/vite`: serves the script-tag loader and the files it loads lazily from one folder (`/samtykke/` by
 * default) in `vite dev`, writes them there in `vite build`, and puts the loader first in `<head>`, where it
 * must run to block what the page loads after it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import type { SamtykkeConfig } from '../types.js';
import { distDir, readAssets } from './copy.js';
import { ASSET_FILES, LOADER_FILE } from './files.js';

/** Options of {@link samtykke}. */
export interface SamtykkeViteOptions {
  /** The folder, under Vite's `base`, the files are served from. @default 'samtykke' */
  dir?: string;
  /** Add the loader's `<script>` first in `<head>` of every HTML page. @default true */
  inject?: boolean;
  /** The config, written before the loader as `<script type="application/json" id="samtykke-config">`. */
  config?: SamtykkeConfig;
  /** Pin the lazily loaded files with SRI hashes (in `config.ui.integrity`) and the loader tag itself. @default false */
  integrity?: boolean;
}

/** The Vite plugin; add it to `plugins` in `vite.config`. */
export function samtykke(options: SamtykkeViteOptions = {}): Plugin {
  const dir = (options.dir ?? 'samtykke').replace(/^\/+|\/+$/g, '');
  let base = '/';
  return {
    name: 'samtykke',
    configResolved(resolved) {
      base = resolved.base.endsWith('/') ? resolved.base : `${resolved.base}/`;
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split('?')[0] ?? '';
        const prefix = `${base}${dir}/`;
        const file = path.startsWith(prefix) ? path.slice(prefix.length) : '';
        if (!ASSET_FILES.includes(file)) return next();
        readFile(join(distDir(), file)).then((bytes) => {
          response.setHeader('content-type', 'text/javascript; charset=utf-8');
          response.end(bytes);
        }, next);
      });
    },
    async generateBundle() {
      for (const asset of await readAssets()) {
        this.emitFile({ type: 'asset', fileName: `${dir}/${asset.file}`, source: asset.bytes });
      }
    },
    async transformIndexHtml() {
      if (options.inject === false) return [];
      const hashes = options.integrity ? await readAssets() : [];
      const pinned = Object.fromEntries(
        hashes.filter((asset) => asset.file !== LOADER_FILE).map((asset) => [asset.file, asset.integrity]),
      );
      const config = options.integrity
        ? { ...options.config, ui: { ...options.config?.ui, integrity: pinned } }
        : options.config;
      const loaderIntegrity = hashes.find((asset) => asset.file === LOADER_FILE)?.integrity;
      const tags: HtmlTagDescriptor[] = [];
      if (config) {
        tags.push({
          tag: 'script',
          attrs: { type: 'application/json', id: 'samtykke-config' },
          // `<` escaped so no text in the config can close the script element.
          children: JSON.stringify(config).replaceAll('<', '\\u003c'),
          injectTo: 'head-prepend',
        });
      }
      tags.push({
        tag: 'script',
        attrs: {
          src: `${base}${dir}/${LOADER_FILE}`,
          ...(loaderIntegrity ? { integrity: loaderIntegrity, crossorigin: 'anonymous' } : {}),
        },
        injectTo: 'head-prepend',
      });
      return tags;
    },
  };
}

export default samtykke;
