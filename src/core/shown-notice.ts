/** The texts on screen in one language, keyed as receipts name them (`bannerTitle`, `categories.x.title`…). */
export interface ShownTexts {
  language: string;
  texts: Record<string, string>;
}

/**
 * What this page has shown the visitor, for the receipt of a choice made on it: the union of every text each part
 * rendered (the first layer, the preferences, every embed placeholder under `embeds.<service or category>.text`
 * and `.button`), in the language shown. A part reports its texts each time it renders; a later report adds to the
 * earlier ones rather than replacing them, since the visitor saw both. A report in another language (the page
 * switched language) starts afresh: the visitor decides in what is on screen now.
 */
export function createShownNotice() {
  let shown: ShownTexts | null = null;
  return {
    report(notice: ShownTexts) {
      if (shown?.language !== notice.language) shown = { language: notice.language, texts: {} };
      Object.assign(shown.texts, notice.texts);
    },
    /** A copy of everything shown so far, or null when nothing of samtykke's was on screen. */
    current: (): ShownTexts | null => shown && { language: shown.language, texts: { ...shown.texts } },
  };
}
