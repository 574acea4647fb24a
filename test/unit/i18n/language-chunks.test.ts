import { describe, expect, it } from 'vitest';
import { languagesToLoad, loadTexts } from '../../../src/i18n/language-chunks.js';
import { LANGUAGES } from '../../../src/i18n/languages.js';

describe('the npm build’s texts per language (i18n/language-chunks.ts)', () => {
  it('loads a shipped language alone, and every language for one only the owner’s texts cover, as the script tag picks its UI file', () => {
    for (const language of LANGUAGES) expect(languagesToLoad(language)).toEqual([language]);
    expect(languagesToLoad('fr')).toEqual(LANGUAGES);
    // Not a language, and no inherited key taken for one.
    expect(languagesToLoad('constructor')).toEqual(LANGUAGES);
  });

  it('has a texts file and a purposes file for every shipped language', async () => {
    for (const language of LANGUAGES) await expect(loadTexts(language, true)).resolves.toBeUndefined();
    await expect(loadTexts('fr', true)).resolves.toBeUndefined();
  });
});
