/**
 * Resolves once `document.body` exists: samtykke's scripts run in <head>, before the parser has reached it. The
 * parser inserts `<body>` long before the document is parsed in full (DOMContentLoaded, which also waits for
 * deferred scripts), so what mounts there can paint with the page's first frames.
 */
export function bodyReady(doc: Document): Promise<void> {
  return new Promise((resolve) => {
    // biome-ignore lint/complexity/noCommaOperator: one expression; the if-statement form costs the first layer bytes.
    const check = () => doc.body && (observer.disconnect(), resolve());
    const observer = new MutationObserver(check);
    observer.observe(doc.documentElement, { childList: true });
    // A body that came some other way (the document was replaced) is there by then.
    doc.addEventListener('DOMContentLoaded', check);
    check();
  });
}
