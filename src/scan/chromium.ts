import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';

/** Chromium flags every scan, test and benchmark uses: no network of its own, nothing downloaded. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const USUAL = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** Thrown when no Chromium or no playwright-core is found; the message says what to do. */
export class ChromiumNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChromiumNotFoundError';
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The system's Chromium: `explicit` when given (it must exist), else `CHROMIUM_PATH`, else the first of the
 * usual names on the PATH, else the usual install locations. Never a downloaded browser.
 */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined) {
    if (!executable(explicit)) throw new ChromiumNotFoundError(`--chromium: ${explicit} is not an executable file`);
    return explicit;
  }
  if (env.CHROMIUM_PATH) return findChromium(env.CHROMIUM_PATH, {});
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  for (const path of USUAL) if (executable(path)) return path;
  throw new ChromiumNotFoundError(
    `no Chromium found on the PATH (${NAMES.join(', ')}) or in the usual places; install one (e.g. apt install chromium) or pass --chromium /path/to/chromium`,
  );
}

/** Launch a Chromium through playwright-core, an optional peer dependency loaded only here. */
export async function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND')
      throw new ChromiumNotFoundError(
        'the scanner drives Chromium through playwright-core: npm install playwright-core',
      );
    throw error;
  }
  return playwright.chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
