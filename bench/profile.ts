import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS } from '../scripts/chromium.js';
import { VIEWPORT } from './measure.js';

/**
 * A persistent browser profile on disk, as a visitor's browser keeps one: its HTTP cache and V8's code cache
 * survive from one page view to the next, which a fresh (in-memory) context starts without.
 */
export async function persistentProfile(
  extraArgs: readonly string[],
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'samtykke-bench-profile-'));
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: VIEWPORT,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
