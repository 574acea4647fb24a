import { ERASURE_REPORT_KEY } from '../../core/own-storage.js';
import type { ErasureReport } from '../../types.js';

export { ERASURE_REPORT_KEY };

/** Keep the report of an erasure over the reload that follows it (without sessionStorage only the telling is lost). */
export function keepErasureReport(win: Window, report: ErasureReport): void {
  try {
    win.sessionStorage.setItem(ERASURE_REPORT_KEY, JSON.stringify(report));
  } catch {}
}

/**
 * The report kept before the reload, once: it is removed as it is read. Page scripts can write sessionStorage
 * too, so the UI checks what it shows of it (`erasureMessage`) and renders it as text.
 */
export function takeErasureReport(win: Window): ErasureReport | null {
  try {
    const raw = win.sessionStorage.getItem(ERASURE_REPORT_KEY);
    win.sessionStorage.removeItem(ERASURE_REPORT_KEY);
    const report = JSON.parse(raw as string) as ErasureReport | null;
    return typeof report?.server === 'string' ? report : null;
  } catch {
    return null;
  }
}
