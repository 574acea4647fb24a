import type { Translator } from '../i18n/translate.js';

/** A category as the first layer needs it: its title in the visitor's language and who runs its services. */
export interface NamedCategory {
  required: boolean;
  title: string;
  services: ReadonlyArray<{ name: string; provider?: string }>;
}

/** A third party the first layer names: a provider other than the site owner, with its services. */
export interface ThirdParty {
  provider: string;
  services: string[];
}

/** What the first layer tells before any choice: the purposes and who receives data. */
export interface FirstLayer {
  /** The message the text was made from: `bannerText`, or `bannerTextNoParties` when no third party is involved. */
  key: 'bannerText' | 'bannerTextNoParties';
  text: string;
  thirdParties: ThirdParty[];
}

/**
 * The first layer's text: the purposes of the non-necessary categories (their titles, quoted, so an
 * owner's title needs no inflection) and how many third parties receive data — CNIL, Datatilsynet (DK),
 * IMY/PTS and the EDPB cookie banner taskforce ask for both before "Accept all". Third parties are the
 * distinct providers of the services declared in those categories, the site owner (`controller.name`)
 * excepted. An owner's own `bannerText` is used as written, with `{purposes}` and `{parties}` filled.
 */
export function firstLayer(categories: readonly NamedCategory[], owner: string, tr: Translator): FirstLayer {
  const optional = categories.filter((c) => !c.required);
  const byProvider = new Map<string, ThirdParty>();
  for (const service of optional.flatMap((c) => c.services)) {
    const provider = service.provider ?? service.name;
    if (provider === owner) continue;
    const party = byProvider.get(provider) ?? { provider, services: [] };
    if (!party.services.includes(service.name)) party.services.push(service.name);
    byProvider.set(provider, party);
  }
  const thirdParties = [...byProvider.values()];
  const titles = optional.map((c) => tr.t('quote', { text: c.title }));
  // "A, B and C" in every shipped language. Not Intl.ListFormat: its first use loads locale data, tens of
  // milliseconds on a slow phone before the banner can paint.
  const last = titles.pop() ?? '';
  const purposes = titles.length ? tr.t('listAnd', { first: titles.join(', '), last }) : last;
  const parties = tr.count('thirdPartyOne', 'thirdPartyOther', thirdParties.length);
  const key = thirdParties.length || tr.owned('bannerText') ? 'bannerText' : 'bannerTextNoParties';
  return { key, text: tr.t(key, { purposes, parties }), thirdParties };
}
