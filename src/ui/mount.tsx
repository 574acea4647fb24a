import { render } from 'preact';
import { configWarnings } from '../core/config-warnings.js';
import type { DecisionRequest } from '../core/index.js';
import { withVendorDetails } from '../core/vendor-details.js';
import { pickLanguage } from '../i18n/loader-texts.js';
import { MESSAGES } from '../i18n/messages.js';
import { createTranslator, type TextKey, type Translator } from '../i18n/translate.js';
import { vendorPurposes } from '../i18n/vendor-purposes.js';
import { adoptStyles } from './adopt-styles.js';
import { Banner } from './banner.js';
import type { UiHandle, UiHost } from './contract.js';
import { createDeclarations } from './declaration.js';
import { declarationModel } from './declaration-model.js';
import { downloadFile } from './download.js';
import { deepActiveElement, focusables, overlaps, scrollClear } from './focus.js';
import { describeCategories, noticeTexts, type ShownCategory, stageService } from './model.js';
import { Preferences } from './preferences.js';
import { CSS } from './styles.js';

/**
 * Mount the banner, preferences and declaration for an instance. Renders into one
 * `<samtykke-ui>` element with an open shadow root, placed first in `<body>` so the banner comes
 * first in the keyboard order; nothing shows until `showBanner()` or `showPreferences()`.
 */
export function mountUi(host: UiHost): UiHandle {
  const { instance, document: doc } = host;
  // The loader's config carries no vendor details (purpose, recipient, countries): the UI shows them.
  const config = withVendorDetails(host.config, vendorPurposes());
  // Said where the owner looks while setting up: the UI loads whenever the banner or preferences show.
  for (const warning of configWarnings(host.config)) console.warn(warning);
  const win = doc.defaultView;
  const el = doc.createElement('samtykke-ui');
  const root = el.attachShadow({ mode: 'open' });
  adoptStyles(root, CSS, config.ui.nonce);

  const translators = new Map<string, Translator>();
  const declarations = createDeclarations(doc, config.ui.nonce);
  let banner = false;
  let prefs = false;
  let away = false;
  let awayFrom: DOMRect | undefined;
  let confirming = false;
  let staged = new Set<string>();
  let stagedServices = new Set<string>();
  let message = '';
  let messages = 0;
  let returnTo: Element | null = null;

  const translator = (): Translator => {
    const lang = pickLanguage(config, doc, win?.navigator.languages ?? [], Object.keys(MESSAGES));
    let tr = translators.get(lang);
    if (!tr) {
      tr = createTranslator(config, lang, doc.documentElement.lang);
      translators.set(lang, tr);
    }
    return tr;
  };
  const report = (tr: Translator) => host.reportShown({ language: tr.lang, texts: noticeTexts(config, tr) });
  const announce = (key: TextKey) => {
    message = translator().t(key);
    messages++;
  };
  const focusFirst = (selector: string) => {
    const dialog = root.querySelector(selector);
    if (dialog) focusables(dialog)[0]?.focus();
  };
  const restoreFocus = () => {
    const target = returnTo as HTMLElement | null;
    returnTo = null;
    if (target?.isConnected && typeof target.focus === 'function') target.focus();
  };

  /** A choice made here goes through the capability only the UI holds, with the event that carried it. */
  const choose = (request: DecisionRequest, layer: 1 | 2, event?: Event) => {
    host.decide(request, { layer, event });
    banner = false;
    prefs = false;
    confirming = false;
    announce('saved');
    update();
    restoreFocus();
  };

  const closePreferences = () => {
    prefs = false;
    confirming = false;
    update();
    restoreFocus();
  };

  const download = async () => {
    try {
      downloadFile(root, 'samtykke-receipts.json', await instance.ledger.export());
    } catch {
      announce('failed');
      update();
    }
  };

  const erase = async () => {
    confirming = false;
    try {
      await instance.ledger.erase();
      prefs = false;
      banner = !instance.getDecision();
      announce('erased');
      update();
      restoreFocus();
    } catch {
      announce('failed');
      update();
    }
  };

  function update(): void {
    if (!el.isConnected) doc.body.prepend(el);
    const tr = translator();
    const categories = describeCategories(config, tr);
    render(
      <>
        {banner && (
          <Banner
            tr={tr}
            config={config}
            categories={categories}
            gpc={instance.gpc}
            away={away}
            covered={prefs}
            onAcceptAll={(event?: Event) => choose({ kind: 'accept-all' }, 1, event)}
            onRejectAll={(event?: Event) => choose({ kind: 'reject-all' }, 1, event)}
            onCustomise={(e) => handle.showPreferences(e.currentTarget as Element)}
          />
        )}
        {prefs && (
          <Preferences
            tr={tr}
            categories={categories}
            staged={staged}
            stagedServices={stagedServices}
            confirming={confirming}
            onToggle={(id, on) => {
              if (on) staged.add(id);
              else staged.delete(id);
              // The category switch speaks for all its services.
              for (const service of serviceIds(categories, id)) stagedServices.delete(service);
              update();
            }}
            onToggleService={(category, id, on) => {
              stageService({ staged, stagedServices }, serviceIds(categories, category), category, id, on);
              update();
            }}
            onSave={(event?: Event) =>
              choose(
                {
                  kind: 'accept',
                  categories: categories.filter((c) => !c.required && staged.has(c.id)).map((c) => c.id),
                  services: [...stagedServices],
                },
                2,
                event,
              )
            }
            onAcceptAll={(event?: Event) => choose({ kind: 'accept-all' }, 2, event)}
            onRejectAll={(event?: Event) => choose({ kind: 'reject-all' }, 2, event)}
            onClose={closePreferences}
            onDownload={() => void download()}
            onErase={() => {
              confirming = true;
              update();
              focusFirst('fieldset');
            }}
            onConfirm={(yes) => {
              if (yes) void erase();
              else {
                confirming = false;
                update();
              }
            }}
          />
        )}
        <div class="sr" role="status">
          {message && <p key={messages}>{message}</p>}
        </div>
      </>,
      root,
    );
  }

  // WCAG 2.2 SC 2.4.11: page content that gets focus must not sit under the banner. Scroll it
  // clear; when the page cannot scroll far enough (the end of a short page, a small screen), slide
  // the banner out of the way until focus goes somewhere it would not cover, or into the banner.
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target as Element | null;
    if (!target || !(banner || prefs)) return;
    if (target === el || root.contains(target)) {
      if (away) {
        away = false;
        update();
      }
      return;
    }
    if (prefs || config.ui.mustChoose) {
      // Focus left a modal dialog (e.g. by a click on the page behind): bring it back.
      focusFirst(prefs ? '.dialog' : '.banner');
      return;
    }
    // After the browser's own scroll-into-view for the focus, which comes after this event.
    win?.requestAnimationFrame(() => unobscure(target));
  };
  const unobscure = (target: Element) => {
    const panel = root.querySelector('.banner');
    if (!panel || !win || !banner || prefs) return;
    if (away) {
      if (awayFrom && !overlaps(target, awayFrom)) {
        away = false;
        update();
      }
      return;
    }
    const place = panel.getBoundingClientRect();
    if (!scrollClear(target, panel, win)) {
      away = true;
      awayFrom = place;
      update();
    }
  };
  doc.addEventListener('focusin', onFocusIn);

  const offChange = instance.on('change', ({ decision }) => {
    const open = banner || prefs;
    // Decided elsewhere (a placeholder, another tab, page code): the banner's question is answered.
    if (decision) banner = false;
    if (open) update();
    handle.renderDeclarations();
  });

  const handle: UiHandle = {
    showBanner() {
      banner = true;
      const tr = translator();
      update();
      report(tr);
      if (config.ui.mustChoose) {
        returnTo = deepActiveElement(doc);
        focusFirst('.banner');
      }
    },
    showPreferences(opener) {
      if (!prefs) returnTo = opener ?? deepActiveElement(doc);
      const decision = instance.getDecision();
      staged = new Set(decision ? decision.granted : []);
      stagedServices = new Set(decision ? decision.services : []);
      prefs = true;
      confirming = false;
      const tr = translator();
      update();
      report(tr);
      focusFirst('.dialog');
    },
    hide() {
      const wasOpen = prefs;
      banner = false;
      prefs = false;
      update();
      if (wasOpen) restoreFocus();
    },
    renderDeclarations() {
      const tr = translator();
      declarations.render({
        tr,
        // The decision in force, read now: after erasure there is none, and no consent id or choice is shown.
        model: declarationModel(config, tr, instance.getDecision(), instance.isServiceAllowed),
        onChange: (e) => handle.showPreferences(e.currentTarget as Element),
        onWithdraw: (event?: Event) => host.decide({ kind: 'withdraw' }, { layer: 2, event }),
        onWithdrawService: (service, event) => host.decide({ kind: 'withdraw-service', service }, { layer: 2, event }),
      });
    },
    destroy() {
      offChange();
      doc.removeEventListener('focusin', onFocusIn);
      render(null, root);
      declarations.destroy();
      el.remove();
    },
  };
  return handle;
}

/** The ids of a category's services as shown (the decision cookie's own entry has no switch). */
function serviceIds(categories: readonly ShownCategory[], category: string): string[] {
  return (categories.find((c) => c.id === category)?.services ?? []).map((s) => s.id);
}
