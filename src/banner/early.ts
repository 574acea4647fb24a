import { bodyReady } from '../core/body-ready.js';
import { readConfig } from '../core/read-config.js';
import { namedVendors } from '../core/vendor-names.js';
import type { BannerHandle, BannerHost, MountBanner, MountEarly } from './contract.js';
import { mountBanner } from './mount.js';

/**
 * Once what was just put on screen has been painted in full: its entrance (a fade from transparent) finished, then
 * the next frame. At once in a hidden tab, which paints no frames and runs no animations.
 */
const onScreenInFull = async (doc: Document, root: ShadowRoot | null | undefined) => {
  const win = doc.defaultView;
  if (!win || doc.visibilityState === 'hidden') return;
  await Promise.all((root?.getAnimations?.() ?? []).map((animation) => animation.finished.catch(() => {})));
  await new Promise((resolve) => win.requestAnimationFrame(() => setTimeout(resolve)));
};

/** Banners mounted before the runtime, waiting for it to take them over (`adoptOrMount`). */
const waiting = new WeakMap<Document, MountBanner>();

/**
 * The first layer on a first visit, mounted by its own file as soon as `<body>` exists, without the runtime: the
 * bytes before the banner are the critical loader's and this file's. Until the runtime takes it over the visitor's
 * click is kept here, with the event that carried it, and handed to the runtime's host when it comes: only that
 * host may record a choice as the visitor's, and it is never on `window.Samtykke`, where page code could call it.
 * A later click replaces an earlier one (Customise, then Accept all, is Accept all). When the loader gives up on the
 * runtime (`started` fails), nothing could record a choice: the banner goes, everything stays held. Resolves once the
 * banner has painted, or could not: the loader asks for the runtime then.
 */
export const mountEarly: MountEarly = (page, started) => {
  const { document: doc } = page;
  /** The runtime's host, once it has taken the banner over. */
  let runtime: BannerHost | undefined;
  let notice: Parameters<BannerHost['reportShown']>[0] | undefined;
  let pending: ((host: BannerHost) => void) | undefined;
  let onScreen = false;
  /** A click does not wait for the entrance to finish: the runtime that carries it out is asked for at once. */
  let hurry = () => {};
  const clicked = new Promise<void>((resolve) => (hurry = resolve));
  const handle: BannerHandle = mountBanner({
    // The built-in vendors by name and provider, as the runtime will know them: the text names who receives data.
    config: page.input === undefined ? page.config : readConfig(page.input, namedVendors()),
    document: doc,
    gpc: page.gpc,
    reportShown(shown) {
      onScreen = true;
      notice = shown;
      runtime?.reportShown(shown);
    },
    decide(request, proof) {
      onScreen = false;
      if (runtime) runtime.decide(request, proof);
      else pending = (host) => host.decide(request, proof);
      hurry();
    },
    customise(opener) {
      if (runtime) runtime.customise(opener);
      else pending = (host) => host.customise(opener);
      hurry();
    },
  });
  started()?.catch(() => {
    if (runtime) return;
    waiting.delete(doc);
    pending = undefined;
    handle.destroy();
  });
  waiting.set(doc, (host) => {
    runtime = host;
    // What the visitor saw, then what they chose in it: the receipt hashes the texts of this banner.
    if (notice) host.reportShown(notice);
    const chosen = pending;
    pending = undefined;
    chosen?.(host);
    /** The runtime's first `show()` finds the banner on screen: it stays as it is, with focus where it was. */
    let keep = onScreen;
    return {
      show() {
        if (!keep) handle.show();
        keep = false;
      },
      hide() {
        keep = onScreen = false;
        handle.hide();
      },
      onScreen: handle.onScreen,
      cover: handle.cover,
      destroy: handle.destroy,
    };
  });
  const painted = bodyReady(doc).then(() => {
    // Taken away (the runtime did not come) or over (it came first) meanwhile.
    if (!waiting.has(doc)) return;
    handle.show();
    return onScreenInFull(doc, doc.querySelector('samtykke-ui')?.shadowRoot);
  });
  return Promise.race([painted, clicked]);
};

/**
 * The runtime's mount in the script-tag build: it takes over the banner this file mounted early on this page, or
 * mounts one when there is none (a visitor who decided and is asked again).
 */
export const adoptOrMount: MountBanner = (host) => {
  const adopt = waiting.get(host.document);
  waiting.delete(host.document);
  return adopt ? adopt(host) : mountBanner(host);
};
