import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/core/index.js';
import { localizedText } from '../../../src/i18n/loader-texts.js';

describe('localizedText', () => {
  const config = normalizeConfig({ language: { default: 'da' } });

  it('uses the language, then the other written Norwegian, then the default language, then English', () => {
    expect(localizedText(config, 'nn', { en: 'Chat', nb: 'Prat' })).toBe('Prat');
    expect(localizedText(config, 'sv', { en: 'Chat', da: 'Snak' })).toBe('Snak');
    expect(localizedText(config, 'sv', { de: 'Plaudern', en: 'Chat' })).toBe('Chat');
    expect(localizedText(config, 'sv', { de: 'Plaudern' })).toBe('Plaudern');
    expect(localizedText(config, 'sv', 'Chat')).toBe('Chat');
  });
});
