import { describe, expect, it } from 'vitest';
import { createFloatingButton } from '../../../src/runtime/floating-button.js';

describe('createFloatingButton', () => {
  it('creates a labelled button in its own shadow root on first show', () => {
    const opened: HTMLElement[] = [];
    const fab = createFloatingButton(document, {
      corner: 'bottom-right',
      label: 'Cookie settings',
      onOpen: (b) => opened.push(b),
    });
    expect(document.querySelector('samtykke-button')).toBeNull();
    fab.show();
    const host = document.querySelector('samtykke-button') as HTMLElement;
    const button = host.shadowRoot?.querySelector('button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Cookie settings');
    expect(button.type).toBe('button');
    expect(button.className).toBe('bottom-right');
    expect(button.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    button.click();
    expect(opened).toEqual([button]);
    fab.hide();
    expect(host.hidden).toBe(true);
    fab.show();
    expect(host.hidden).toBe(false);
    expect(document.querySelectorAll('samtykke-button')).toHaveLength(1);
    fab.destroy();
    expect(document.querySelector('samtykke-button')).toBeNull();
  });
});
