/**
 * Put `css` into a shadow root as a constructable stylesheet, which a strict CSP
 * (`style-src 'self'`) allows; browsers without `adoptedStyleSheets` get a `<style>` carrying the
 * configured nonce instead.
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce?: string): void {
  const view = root.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  if (view && 'adoptedStyleSheets' in root && 'replaceSync' in view.CSSStyleSheet.prototype) {
    // The sheet must come from the root's own window: a sheet from another realm throws.
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  root.append(style);
}
