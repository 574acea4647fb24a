import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ASSET_FILES } from './files.js';

/** The folder of the installed package's built files. */
export function distDir(): string {
  // The package resolves itself through its own `exports`, wherever it is installed (or linked).
  return join(dirname(createRequire(import.meta.url).resolve('samtykke/package.json')), 'dist');
}

/** One copied file and the SRI hash an owner can pin for it. */
export interface CopiedAsset {
  file: string;
  integrity: string;
}

/** `sha384-<base64>` of a file's bytes, as the `integrity` attribute and `config.ui.integrity` take it. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** Reads every asset of this version with its SRI hash. */
export async function readAssets(from = distDir()): Promise<Array<CopiedAsset & { bytes: Buffer }>> {
  return Promise.all(
    ASSET_FILES.map(async (file) => {
      const bytes = await readFile(join(from, file)).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`samtykke: ${join(from, file)} is missing (${error.code}); is the package built?`);
      });
      return { file, bytes, integrity: integrityOf(bytes) };
    }),
  );
}

/** Copies the loader and every file it loads lazily into `target` (created if missing). */
export async function copyAssets(target: string, from = distDir()): Promise<CopiedAsset[]> {
  await mkdir(target, { recursive: true });
  return Promise.all(
    ASSET_FILES.map(async (file) => {
      await copyFile(join(from, file), join(target, file));
      return { file, integrity: integrityOf(await readFile(join(target, file))) };
    }),
  );
}
