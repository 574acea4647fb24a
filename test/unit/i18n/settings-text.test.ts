import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/core/index.js';
import { LANGUAGES } from '../../../src/i18n/languages.js';
import { LOADER_TEXTS, loaderText } from '../../../src/i18n/loader-texts.js';
import { SETTINGS_TEXTS, settingsText, shippedText } from '../../../src/i18n/settings-text.js';

describe('the floating button label the runtime carries alone', () => {
  it('is the loader texts’ "settings" in every shipped language: one home for both', () => {
    const config = normalizeConfig({});
    for (const lang of LANGUAGES) {
      expect(settingsText(config, lang), lang).toBe(loaderText(config, lang, 'settings'));
      expect(LOADER_TEXTS[lang]?.settings, lang).toBe(SETTINGS_TEXTS[lang]?.settings);
    }
  });

  it('takes the owner’s text first, in the same fallback order, and the key when no language has it', () => {
    const owner = normalizeConfig({ language: { default: 'de' }, texts: { de: { settings: 'Datenschutz' } } });
    // A language samtykke ships keeps its own text; any other gets the owner's default language, theirs first.
    expect(settingsText(owner, 'nn')).toBe('Innstillingar for informasjonskapslar');
    expect(settingsText(owner, 'fr')).toBe('Datenschutz');
    expect(settingsText(normalizeConfig({ language: { default: 'de' } }), 'fr')).toBe('Cookie-Einstellungen');
    expect(shippedText({}, owner, 'fr', 'missing')).toBe('missing');
  });
});
