/** Resolves once `document.body` exists: samtykke's scripts run in <head>, before the parser has reached it. */
export function bodyReady(doc: Document): Promise<void> {
  if (doc.body) return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}
