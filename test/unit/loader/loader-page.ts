import { Window as HappyWindow } from 'happy-dom';
import { afterEach, vi } from 'vitest';
import { encodeDecision } from '../../../src/core/index.js';
import type { StartRuntime } from '../../../src/loader/index.js';
import { startOnPage } from '../../../src/runtime/index.js';
import type { Decision } from '../../../src/types.js';

export type PageWindow = Window & typeof globalThis & { dataLayer?: unknown[] };

/**
 * Pages in happy-dom that carry `config` as `window.samtykkeConfig`, for tests that boot the loader on them; each
 * is destroyed (its instance restores what it patched) and closed after its test. `open(granted)` writes a valid
 * decision cookie granting `granted` (a returning visitor); `open()` is a first visit.
 */
export function loaderPages(config: unknown): (granted?: string[]) => PageWindow {
  const pages: HappyWindow[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const page of pages.splice(0)) {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      (page as unknown as PageWindow).Samtykke?.destroy();
      vi.restoreAllMocks();
      await page.happyDOM.close();
    }
  });
  return (granted) => {
    const win = new HappyWindow({ url: 'https://www.fjordkaffe.test/' }) as unknown as PageWindow;
    pages.push(win as unknown as HappyWindow);
    (win as unknown as { samtykkeConfig: unknown }).samtykkeConfig = config;
    if (granted) {
      const now = Date.now();
      const decision: Decision = {
        consentId: '7d0c2a8e-3f1b-4c5d-9e6f-1a2b3c4d5e6f',
        revision: 0,
        decidedAt: now - 1000,
        expiresAt: now + 86_400_000,
        granted: ['necessary', ...granted],
        services: [],
        gpc: false,
      };
      win.document.cookie = `samtykke=${encodeURIComponent(encodeDecision(decision))}; path=/`;
    }
    return win;
  };
}

/**
 * The runtime's file with its arrival in the test's hands: `arrival` is what the loader's `runtime.load` answers;
 * `arrive()` and `fail(error)` settle it, then give the loader `settleMs` to carry out what it held meanwhile.
 */
export function heldRuntime(settleMs = 0): {
  arrival: Promise<StartRuntime>;
  arrive(): Promise<void>;
  fail(error: Error): Promise<void>;
} {
  let arrive: (start: StartRuntime) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const arrival = new Promise<StartRuntime>((resolve, reject) => {
    arrive = resolve;
    fail = reject;
  });
  const settle = () => new Promise<void>((resolve) => setTimeout(resolve, settleMs));
  return {
    arrival,
    arrive: async () => {
      arrive(startOnPage);
      await settle();
    },
    fail: async (error: Error) => {
      fail(error);
      await settle();
    },
  };
}
