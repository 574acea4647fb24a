/**
 * Add `css` to a shadow root (or, for the declaration in the page's own DOM, a document) as a constructable
 * stylesheet, which a strict CSP (`style-src 'self'`) allows; browsers without `adoptedStyleSheets` get a
 * `<style>` carrying the configured nonce instead. Sheets already there stay (several layers share one root);
 * `first` puts this one before them. Returns what takes this sheet out again.
 */
export function adoptStyles(root: ShadowRoot | Document, css: string, nonce?: string, first = false): () => void {
  // A document's own ownerDocument is null.
  const doc = (root.ownerDocument ?? root) as Document;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (view && 'adoptedStyleSheets' in root && 'replaceSync' in view.CSSStyleSheet.prototype) {
    // The sheet must come from the root's own window: a sheet from another realm throws.
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    const others = root.adoptedStyleSheets;
    root.adoptedStyleSheets = first ? [sheet, ...others] : [...others, sheet];
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }
  const style = doc.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  const parent = root === doc ? doc.head : (root as ShadowRoot);
  if (first) parent.prepend(style);
  else parent.append(style);
  return () => style.remove();
}
