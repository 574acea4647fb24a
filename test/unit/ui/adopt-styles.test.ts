import { describe, expect, it } from 'vitest';
import { adoptStyles } from '../../../src/ui/adopt-styles.js';

describe('adoptStyles', () => {
  it('adopts a constructable stylesheet where the browser has them', () => {
    const root = document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });
    adoptStyles(root, '.x{color:red}', 'n0nce');
    expect(root.adoptedStyleSheets).toHaveLength(1);
    expect(root.querySelector('style')).toBeNull();
  });

  it('falls back to a <style> carrying the nonce in browsers without them', () => {
    const appended: Element[] = [];
    // A shadow root as old browsers have it: no adoptedStyleSheets.
    const root = { ownerDocument: document, append: (el: Element) => appended.push(el) } as unknown as ShadowRoot;
    adoptStyles(root, '.x{color:red}', 'n0nce');
    const style = appended[0] as HTMLStyleElement;
    expect(style.tagName).toBe('STYLE');
    expect(style.nonce).toBe('n0nce');
    expect(style.textContent).toBe('.x{color:red}');
  });
});
