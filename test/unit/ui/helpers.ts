import type { NormalizedConfig, NormalizedService } from '../../../src/core/normalized.js';
import type { Decision, DecisionSource, Samtykke, SamtykkeEvents } from '../../../src/types.js';
import { mountUi, type UiHandle } from '../../../src/ui/index.js';

const service = (
  s: Partial<NormalizedService> & Pick<NormalizedService, 'id' | 'category' | 'name'>,
): NormalizedService => ({
  cookies: [],
  storageKeys: [],
  thirdCountries: [],
  hosts: [],
  ...s,
});

/** A normalized config with necessary, statistics (Google Analytics) and marketing (Meta Pixel). */
export function makeConfig(overrides: Partial<NormalizedConfig> = {}): NormalizedConfig {
  return {
    revision: 0,
    categories: [
      { id: 'necessary', required: true, services: [] },
      {
        id: 'statistics',
        required: false,
        services: [
          service({
            id: 'google-analytics',
            category: 'statistics',
            name: 'Google Analytics',
            provider: 'Google Ireland Ltd.',
            purpose: { en: 'Counts visits', nb: 'Teller besøk' },
            recipient: 'Google LLC',
            thirdCountries: ['US'],
            cookies: [
              { name: '_ga', expiry: 'P2Y' },
              { name: '_ga_*', expiry: 'P2Y' },
            ],
          }),
        ],
      },
      {
        id: 'marketing',
        required: false,
        services: [
          service({
            id: 'meta-pixel',
            category: 'marketing',
            name: 'Meta Pixel',
            provider: 'Meta Platforms Ireland Ltd.',
            purpose: 'Measures ads',
            cookies: [{ name: '_fbp', expiry: 'P90D' }],
          }),
        ],
      },
    ],
    controller: { name: 'Fjordkaffe AS' },
    policy: { privacyUrl: '/privacy', cookiePolicyUrl: '/cookies', version: '1' },
    jurisdiction: 'NO',
    cookie: { name: 'samtykke', path: '/', maxAgeDays: 182, sameSite: 'Lax' },
    language: { default: 'en' },
    texts: {},
    ui: { layout: 'bar', mustChoose: false, floatingButton: 'bottom-left' },
    blocking: { auto: true, rules: [], reloadOnWithdraw: true },
    consentMode: {
      enabled: true,
      mode: 'basic',
      waitForUpdate: 500,
      mapping: {},
      personalizationStorage: 'denied',
      regions: [],
      adsDataRedaction: true,
      urlPassthrough: false,
    },
    gpc: true,
    ledger: { historyLimit: 100, timeoutMs: 10_000 },
    ...overrides,
  };
}

/** One recorded call on the fake instance. */
export interface Call {
  method: string;
  args: unknown[];
}

/**
 * A small stand-in for the instance the UI talks to: it keeps a decision in memory, emits
 * `change`, and records every call, so tests see exactly what the UI asked for.
 */
export function createFakeInstance(config: NormalizedConfig, options: { gpc?: boolean; decision?: Decision } = {}) {
  const calls: Call[] = [];
  let decision: Decision | null = options.decision ?? null;
  const handlers: Array<(p: SamtykkeEvents['change']) => void> = [];
  const ids = config.categories.map((c) => c.id);
  const decide = (granted: string[], action: SamtykkeEvents['change']['action']): Decision => {
    const previous = decision;
    decision = {
      consentId: previous?.consentId ?? '7d1c8a5e-0000-4000-8000-000000000001',
      revision: config.revision,
      decidedAt: Date.UTC(2026, 0, 15, 9, 30),
      expiresAt: Date.UTC(2026, 6, 15),
      granted: ['necessary', ...granted.filter((g) => g !== 'necessary')],
      services: [],
      gpc: options.gpc ?? false,
    };
    for (const h of handlers) h({ decision, previous, action });
    return decision;
  };
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  const instance: Samtykke = {
    show: () => record('show', []),
    showPreferences: () => record('showPreferences', []),
    hide: () => record('hide', []),
    acceptAll(source?: DecisionSource) {
      record('acceptAll', [source]);
      return decide(ids, 'accept-all');
    },
    rejectAll(source?: DecisionSource) {
      record('rejectAll', [source]);
      return decide([], 'reject-all');
    },
    accept(categories, source) {
      record('accept', [categories, source]);
      return decide([...categories], 'save-selection');
    },
    allowService(id) {
      record('allowService', [id]);
      return decide([], 'embed');
    },
    withdraw(source) {
      record('withdraw', [source]);
      return decide([], 'withdraw');
    },
    getDecision: () => decision,
    isGranted: (c) => decision?.granted.includes(c) ?? false,
    isServiceAllowed: () => false,
    on: (event, handler) => {
      if (event === 'change') handlers.push(handler as (p: SamtykkeEvents['change']) => void);
      return () => {};
    },
    destroy: () => record('destroy', []),
    gpc: options.gpc ?? false,
    ledger: {
      list: async () => [],
      export: async () => {
        record('ledger.export', []);
        return '[{"receiptId":"r1"}]';
      },
      erase: async () => {
        record('ledger.erase', []);
        decision = null;
      },
      flush: async () => {},
    },
  };
  return { instance, calls };
}

/** Mount the UI on the test document with a fake instance; returns the handle, the shadow root and the calls. */
export function mount(config = makeConfig(), options: { gpc?: boolean; decision?: Decision } = {}) {
  const { instance, calls } = createFakeInstance(config, options);
  const shown: Array<{ language: string; texts: Record<string, string> }> = [];
  const handle: UiHandle = mountUi({ instance, config, document, reportShown: (n) => shown.push(n) });
  const root = () => {
    const host = document.querySelector('samtykke-ui');
    if (!host?.shadowRoot) throw new Error('no samtykke-ui host with a shadow root');
    return host.shadowRoot;
  };
  return { handle, instance, calls, shown, root };
}

/** A decision granting `granted` besides necessary. */
export function decisionWith(granted: string[]): Decision {
  return {
    consentId: '7d1c8a5e-0000-4000-8000-000000000009',
    revision: 0,
    decidedAt: Date.UTC(2026, 0, 1),
    expiresAt: Date.UTC(2026, 6, 1),
    granted: ['necessary', ...granted],
    services: [],
    gpc: false,
  };
}

/** Dispatch a keydown on `target`. */
export function key(target: Element, key: string, init: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}
