import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/core/index.js';
import { createLazyLedger } from '../../../src/runtime/lazy-ledger.js';
import type { SamtykkeEvents } from '../../../src/types.js';

describe('createLazyLedger', () => {
  it('reports a failed load once however many callers waited, and loads again on the next use', async () => {
    const errors: SamtykkeEvents['error'][] = [];
    let loads = 0;
    const lazy = createLazyLedger(
      () => {
        loads++;
        return Promise.reject(new Error('samtykke-ledger.js: 404'));
      },
      {
        config: normalizeConfig({}),
        emit: (event, payload) => {
          if (event === 'error') errors.push(payload as SamtykkeEvents['error']);
        },
        clearDecision: () => {},
        randomId: () => '00000000-0000-4000-8000-000000000000',
      },
      () => undefined,
    );
    await Promise.allSettled([lazy.api.list(), lazy.api.export(), lazy.api.flush()]);
    expect(loads).toBe(1);
    expect(errors.map((e) => e.context)).toEqual(['loading the ledger']);
    await Promise.allSettled([lazy.api.list()]);
    expect(loads).toBe(2);
    expect(errors).toHaveLength(2);
  });
});
