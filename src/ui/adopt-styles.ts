/**
 * Add `css` to a shadow root (or, for the declaration in the page's own DOM, a document) as a constructable
 * stylesheet, which a strict CSP (`style-src 'self'`) allows; browsers without `adoptedStyleSheets` get a
 * `<style>` carrying the configured nonce instead. Sheets already there stay (several layers share one root, and
 * no rule of one layer depends on the order of their sheets). Returns what takes this sheet out again.
 */
export function adoptStyles(root: ShadowRoot | Document, css: string, nonce?: string): () => void {
  // A document's own ownerDocument is null.
  const doc = (root.ownerDocument ?? root) as Document;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  // Every browser with adoptedStyleSheets has replaceSync too.
  if (view && 'adoptedStyleSheets' in root) {
    // The sheet must come from the root's own window: a sheet from another realm throws.
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }
  const style = doc.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  (root === doc ? doc.head : (root as ShadowRoot)).append(style);
  return () => style.remove();
}
