import { render } from 'preact';
import { configWarnings } from '../core/config-warnings.js';
import type { DecisionRequest } from '../core/index.js';
import { withVendorDetails } from '../core/vendor-details.js';
import { policyLinks } from '../i18n/policy-links.js';
import { currentTranslator, type TextKey, type Translator } from '../i18n/translate.js';
import { vendorPurposes } from '../i18n/vendor-purposes.js';
import type { ErasureReport } from '../types.js';
import type { UiHandle, UiHost } from './contract.js';
import { createDeclarations } from './declaration.js';
import { declarationModel } from './declaration-model.js';
import { downloadFile } from './download.js';
import { erasureMessage } from './erasure-message.js';
import { deepActiveElement, focusables } from './focus.js';
import { describeCategories, type ShownCategory, stageService } from './model.js';
import { preferencesTexts } from './notice-texts.js';
import { Preferences } from './preferences.js';
import { attachLayer } from './shadow-host.js';
import { CSS } from './styles.js';

/**
 * Mount the preferences and declaration for an instance (the first layer is `src/banner/`, a file of its own).
 * The preferences render into the `<samtykke-ui>` shadow root the first layer shares, after it, so they cover
 * it; nothing shows until `showPreferences()`.
 */
export function mountUi(host: UiHost): UiHandle {
  const { instance, document: doc } = host;
  // The loader's config carries no vendor details (purpose, recipient, countries): the UI shows them.
  const config = withVendorDetails(host.config, vendorPurposes());
  // Said where the owner looks while setting up: the UI loads whenever the banner or preferences show.
  for (const warning of configWarnings(host.config)) console.warn(warning);
  const layer = attachLayer(doc, CSS, { nonce: config.ui.nonce });
  const root = layer.element;

  const declarations = createDeclarations(doc, config.ui.nonce);
  let prefs = false;
  let confirming = false;
  /** What "Delete my data" did, shown in the preferences until they close or a choice is made. */
  let erasure: ErasureReport | null = null;
  let staged = new Set<string>();
  let stagedServices = new Set<string>();
  let message = '';
  let messages = 0;
  let returnTo: Element | null = null;

  const translator = currentTranslator(config, doc);
  /** The preferences as rendered in `tr`'s language, for the receipt of a choice made in them. */
  const report = (tr: Translator) =>
    host.reportShown({
      language: tr.lang,
      texts: preferencesTexts(tr, describeCategories(config, tr), policyLinks(config.policy, tr)),
    });
  const announce = (key: TextKey) => {
    message = translator().t(key);
    messages++;
  };
  const focusFirst = (selector: string) => {
    const dialog = root.querySelector(selector);
    if (dialog) focusables(dialog)[0]?.focus();
  };
  /** The preferences closed: focus goes back to what opened them, and the host hears of it. */
  const restoreFocus = () => {
    const target = returnTo as HTMLElement | null;
    returnTo = null;
    host.closed?.();
    if (target?.isConnected && typeof target.focus === 'function') target.focus();
  };

  /** A choice made here goes through the capability only the UI holds, with the event that carried it. */
  const choose = (request: DecisionRequest, layer: 1 | 2, event?: Event) => {
    host.decide(request, { layer, event });
    prefs = false;
    confirming = false;
    erasure = null;
    announce('saved');
    update();
    restoreFocus();
  };

  const closePreferences = () => {
    prefs = false;
    confirming = false;
    erasure = null;
    update();
    restoreFocus();
  };

  const download = async () => {
    try {
      downloadFile(layer.root, 'samtykke-receipts.json', await instance.ledger.export());
    } catch {
      announce('failed');
      update();
    }
  };

  /**
   * The preferences stay open on what the erasure did, nothing switched on any more. The message is the status
   * itself, so it is read out once, and focus goes to it: the button pressed is gone.
   */
  const showErasure = (report: ErasureReport) => {
    erasure = report;
    staged = new Set();
    stagedServices = new Set();
    update();
    (root.querySelector('.erased') as HTMLElement | null)?.focus();
  };

  const erase = async () => {
    confirming = false;
    try {
      showErasure(await instance.ledger.erase());
    } catch {
      announce('failed');
      update();
    }
  };

  function update(): void {
    layer.place();
    const tr = translator();
    const categories = describeCategories(config, tr);
    render(
      <>
        {prefs && (
          <Preferences
            tr={tr}
            categories={categories}
            links={policyLinks(config.policy, tr)}
            staged={staged}
            stagedServices={stagedServices}
            confirming={confirming}
            erasure={erasure && erasureMessage(erasure, tr)}
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

  // Focus left the modal preferences (e.g. by a click on the page behind): bring it back.
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target as Element | null;
    if (!target || !prefs || target === layer.host || layer.root.contains(target)) return;
    focusFirst('.dialog');
  };
  doc.addEventListener('focusin', onFocusIn);

  const offChange = instance.on('change', () => {
    if (prefs) update();
    handle.renderDeclarations();
  });

  const handle: UiHandle = {
    showPreferences(opener) {
      if (!prefs) returnTo = opener ?? deepActiveElement(doc);
      const decision = instance.getDecision();
      staged = new Set(decision ? decision.granted : []);
      stagedServices = new Set(decision ? decision.services : []);
      prefs = true;
      confirming = false;
      erasure = null;
      const tr = translator();
      update();
      report(tr);
      focusFirst('.dialog');
    },
    hide() {
      const wasOpen = prefs;
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
    erased(report) {
      if (prefs) showErasure(report);
    },
    destroy() {
      offChange();
      doc.removeEventListener('focusin', onFocusIn);
      render(null, root);
      declarations.destroy();
      layer.remove();
    },
  };
  return handle;
}

/** The ids of a category's services as shown (the decision cookie's own entry has no switch). */
function serviceIds(categories: readonly ShownCategory[], category: string): string[] {
  return (categories.find((c) => c.id === category)?.services ?? []).map((s) => s.id);
}
