import type { DecisionRequest } from '../core/index.js';
import { categoryTitle } from '../i18n/category-text.js';
import { policyLinks } from '../i18n/policy-links.js';
import { currentTranslator, type Translator } from '../i18n/translate.js';
import { deepActiveElement, focusables, trapTab } from '../ui/focus.js';
import { attachLayer } from '../ui/shadow-host.js';
import type { BannerHandle, BannerHost } from './contract.js';
import { elements } from './dom.js';
import { firstLayer } from './first-layer.js';
import { BANNER_CSS } from './styles.js';
import type { BANNER_TEXTS } from './texts.js';

type BannerText = (typeof BANNER_TEXTS)[number];

/**
 * The first layer, in plain DOM: title, a short text naming the purposes and the number of third parties, the
 * list of those third parties behind a disclosure, policy links and three equal buttons. A labelled region that
 * leaves the page usable, or a modal dialog when the owner sets `ui.mustChoose`. It lives first in the shared
 * `<samtykke-ui>` shadow root; nothing shows until `show()`.
 */
export function mountBanner(host: BannerHost): BannerHandle {
  const { config, document: doc } = host;
  const h = elements(doc);
  const layer = attachLayer(doc, BANNER_CSS, { nonce: config.ui.nonce, first: true });
  const status = h('div', { class: 'sr', role: 'status' });
  layer.element.append(status);
  /** The banner on screen, if it is. */
  let shown: { wrap: HTMLElement; panel: HTMLElement } | undefined;
  let covered = false;
  let returnTo: Element | null = null;

  const translator = currentTranslator(config, doc);

  /** Builds the banner in `tr`'s language; returns it with every text it renders, keyed as the receipt names them. */
  const build = (tr: Translator) => {
    const texts: Record<string, string> = {};
    const say = (key: string, text: string) => {
      texts[key] = text;
      return text;
    };
    const t = (key: BannerText) => say(key, tr.t(key));
    const { layout, mustChoose, floatingButton } = config.ui;
    const categories = config.categories.map((category) => ({
      required: category.required,
      title: categoryTitle(category, tr),
      services: category.services,
    }));
    for (const [index, category] of config.categories.entries()) {
      if (!category.required) say(`categories.${category.id}.title`, categories[index]?.title ?? '');
    }
    const { key, text, thirdParties } = firstLayer(categories, config.controller.name, tr);
    const links = policyLinks(config.policy, tr);
    const parties = thirdParties.map((party) => `${party.provider} (${party.services.join(', ')})`);
    if (parties.length) say('thirdParties.list', parties.join('\n'));

    const button = (label: string, onClick: (event: Event) => void, opensDialog?: boolean) => {
      const element = h(
        'button',
        { type: 'button', class: 'btn', 'aria-haspopup': opensDialog ? 'dialog' : undefined },
        label,
      );
      element.addEventListener('click', onClick);
      return element;
    };
    const semantics = mustChoose
      ? {
          role: 'dialog',
          'aria-modal': 'true',
          'aria-labelledby': 'samtykke-title',
          'aria-describedby': 'samtykke-text',
        }
      : { role: 'region', 'aria-label': t('bannerLabel') };
    const panel = h(
      'div',
      { class: 'panel banner', lang: tr.lang, ...semantics },
      h(
        'div',
        { class: 'in' },
        h(
          'div',
          { class: 'txt' },
          h('h2', { id: 'samtykke-title' }, t('bannerTitle')),
          h('p', { id: 'samtykke-text' }, say(key, text)),
          parties.length > 0 &&
            h(
              'details',
              { class: 'parties' },
              h('summary', null, t('thirdParties')),
              h('ul', null, ...parties.map((party) => h('li', null, party))),
            ),
          host.gpc && h('p', { class: 'gpc' }, t('gpcNotice')),
          links.length > 0 &&
            h(
              'p',
              { class: 'links' },
              ...links.map((link) => h('a', { href: say(`${link.label}Url`, link.href) }, t(link.label))),
            ),
        ),
        // Accept all, Reject all and Customise from one builder, so they cannot drift apart: regulators ask for
        // refusal with the same size, style and weight as acceptance.
        h(
          'div',
          { class: 'actions' },
          button(t('acceptAll'), (event) => choose({ kind: 'accept-all' }, event)),
          button(t('rejectAll'), (event) => choose({ kind: 'reject-all' }, event)),
          button(
            t('customise'),
            (event) => {
              // Busy while the preferences (their file, and the runtime on a first visit) are on their way and open.
              const opener = event.currentTarget as Element;
              opener.setAttribute('aria-busy', 'true');
              host.customise(opener);
            },
            true,
          ),
        ),
      ),
    );
    if (mustChoose) panel.addEventListener('keydown', (event) => trapTab(event, panel));
    const corner = layout === 'box' && floatingButton === 'bottom-left' ? ' left' : '';
    const wrap = h('div', { class: `wrap ${layout}${corner}${mustChoose ? ' forced' : ''}` }, panel);
    return { wrap, panel, texts };
  };

  const focusFirst = () => {
    if (shown) focusables(shown.panel)[0]?.focus();
  };
  const restoreFocus = () => {
    const target = returnTo as HTMLElement | null;
    returnTo = null;
    if (target?.isConnected && typeof target.focus === 'function') target.focus();
  };
  const applyCover = () => {
    if (!shown) return;
    shown.wrap.inert = covered;
    if (covered) shown.wrap.setAttribute('aria-hidden', 'true');
    else shown.wrap.removeAttribute('aria-hidden');
  };

  /** A choice made here goes through the capability only the UI holds, with the event that carried it. */
  const choose = (request: DecisionRequest, event: Event) => {
    host.decide(request, { layer: 1, event });
    handle.hide();
    // A new node each time, so a second announcement is read out too.
    status.replaceChildren(h('p', null, translator().t('saved')));
    restoreFocus();
  };

  // A modal banner keeps focus: when it leaves (a click on the page behind), it comes back. Page content that gets
  // focus beside a non-modal banner is kept clear of it by the runtime once it has taken the banner over
  // (`runtime/focus-clear.ts`), which this file need not carry.
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target as Element | null;
    if (target && shown && !covered && target !== layer.host && !layer.root.contains(target)) focusFirst();
  };
  if (config.ui.mustChoose) doc.addEventListener('focusin', onFocusIn);

  const handle: BannerHandle = {
    show() {
      const wasShown = Boolean(shown);
      shown?.wrap.remove();
      const tr = translator();
      const { wrap, panel, texts } = build(tr);
      shown = { wrap, panel };
      layer.place();
      layer.element.prepend(wrap);
      applyCover();
      host.reportShown({ language: tr.lang, texts });
      if (config.ui.mustChoose && !covered) {
        if (!wasShown) returnTo = deepActiveElement(doc);
        focusFirst();
      }
    },
    hide() {
      shown?.wrap.remove();
      shown = undefined;
    },
    onScreen: () => (covered ? undefined : shown),
    cover(on) {
      covered = on;
      if (!on) shown?.panel.querySelector('[aria-busy]')?.removeAttribute('aria-busy');
      applyCover();
    },
    destroy() {
      doc.removeEventListener('focusin', onFocusIn);
      handle.hide();
      layer.remove();
    },
  };
  return handle;
}
