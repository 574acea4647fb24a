import type { ErasureReport } from '../../types.js';

/**
 * sessionStorage: what "Delete my data" did, kept across the reload a withdrawal causes so the visitor is told it
 * on the page that follows; removed as soon as that page reads it. (Only this part writes or reads it; the runtime
 * lends its own-storage module, so the name lives here rather than there.)
 */
export const ERASURE_REPORT_KEY = 'samtykke:erased';

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
