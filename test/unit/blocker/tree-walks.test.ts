import { describe, expect, it } from 'vitest';
import { skipInTreeWalks } from '../../../src/blocker/tree-walks.js';

describe('skipInTreeWalks', () => {
  it('firstChild and nextSibling step over our nodes; restore brings them back', () => {
    document.body.innerHTML =
      '<section><i class="ours"></i><p id="a"></p><i class="ours"></i><iframe></iframe><i class="ours"></i></section>';
    const section = document.querySelector('section') as Element;
    const [first, middle, last] = Array.from(section.querySelectorAll('.ours'));
    const restore = skipInTreeWalks(window as unknown as Window & typeof globalThis, (node) =>
      (node as Element).classList?.contains('ours'),
    );
    const a = document.getElementById('a') as Element;
    const frame = section.querySelector('iframe') as Element;
    expect(section.firstChild).toBe(a);
    expect(a.nextSibling).toBe(frame);
    expect(frame.nextSibling).toBeNull();
    // Still in the document for everything else.
    expect(section.childNodes).toHaveLength(5);
    restore();
    expect(section.firstChild).toBe(first);
    expect(a.nextSibling).toBe(middle);
    expect(frame.nextSibling).toBe(last);
  });
});
