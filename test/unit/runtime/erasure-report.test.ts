import { afterEach, describe, expect, it } from 'vitest';
import {
  ERASURE_REPORT_KEY,
  keepErasureReport,
  takeErasureReport,
} from '../../../src/runtime/decide/erasure-report.js';

afterEach(() => sessionStorage.clear());

describe('the erasure report kept over the reload', () => {
  it('is read once on the next page, then gone', () => {
    const report = {
      server: 'kept',
      kept: { receipts: 2, until: '2029-06-01T10:00:00.000Z', ground: 'GDPR Art. 17(3)(b) and (e)' },
      since: '2026-06-01T09:59:00.000Z',
    } as const;
    keepErasureReport(window, report);
    expect(takeErasureReport(window)).toEqual(report);
    expect(sessionStorage.getItem(ERASURE_REPORT_KEY)).toBeNull();
    expect(takeErasureReport(window)).toBeNull();
  });

  it('is not taken from something else a page script wrote in its place, and that entry is removed', () => {
    for (const written of ['not json', 'null', '{"server":1}', '[]']) {
      sessionStorage.setItem(ERASURE_REPORT_KEY, written);
      expect(takeErasureReport(window), written).toBeNull();
      expect(sessionStorage.getItem(ERASURE_REPORT_KEY)).toBeNull();
    }
  });
});
