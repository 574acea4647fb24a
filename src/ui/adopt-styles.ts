/**
 * Put `css` into a shadow root (or, for the declaration in the page's own DOM, a document) as a constructable
 * stylesheet, which a strict CSP (`style-src 'self'`) allows; browsers without `adoptedStyleSheets` get a
 * `<style>` carrying the configured nonce instead. A document keeps the sheets it had.
 */
export function adoptStyles(root: ShadowRoot | Document, css: string, nonce?: string): void {
  // A document's own ownerDocument is null.
  const doc = (root.ownerDocument ?? root) as Document;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (view && 'adoptedStyleSheets' in root && 'replaceSync' in view.CSSStyleSheet.prototype) {
    // The sheet must come from the root's own window: a sheet from another realm throws.
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = doc.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  (root === doc ? doc.head : (root as ShadowRoot)).append(style);
}
