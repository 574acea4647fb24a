import { describe, expect, it } from 'vitest';
import { createShownNotice } from '../../../src/core/shown-notice.js';

describe('what a page has shown the visitor', () => {
  it('is nothing until a part reports, then the union of every part in the language shown', () => {
    const shown = createShownNotice();
    expect(shown.current()).toBeNull();
    shown.report({
      language: 'nb',
      texts: { 'embeds.youtube.text': 'Dette innholdet fra Google…', 'embeds.youtube.button': 'Last inn YouTube' },
    });
    shown.report({ language: 'nb', texts: { bannerTitle: 'Vi bruker informasjonskapsler' } });
    shown.report({ language: 'nb', texts: { settings: 'Innstillinger', 'services.ga.cookie._ga': '2 år' } });
    expect(shown.current()).toEqual({
      language: 'nb',
      texts: {
        'embeds.youtube.text': 'Dette innholdet fra Google…',
        'embeds.youtube.button': 'Last inn YouTube',
        bannerTitle: 'Vi bruker informasjonskapsler',
        settings: 'Innstillinger',
        'services.ga.cookie._ga': '2 år',
      },
    });
  });

  it('starts afresh when the page shows another language, and hands out copies', () => {
    const shown = createShownNotice();
    shown.report({ language: 'nb', texts: { bannerTitle: 'Vi bruker informasjonskapsler' } });
    shown.report({ language: 'en', texts: { bannerTitle: 'We use cookies' } });
    const copy = shown.current();
    expect(copy).toEqual({ language: 'en', texts: { bannerTitle: 'We use cookies' } });
    if (copy) copy.texts.bannerTitle = 'changed';
    expect(shown.current()?.texts.bannerTitle).toBe('We use cookies');
  });
});
