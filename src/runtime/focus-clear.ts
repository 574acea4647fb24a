/**
 * Focus kept clear of the first layer (WCAG 2.2 SC 2.4.11), added by the runtime when it takes a banner over: the
 * first layer's own file paints without it, and a click or key press before the runtime is there needs none of it.
 */

/** `target` overlaps `rect` on screen. */
function overlaps(target: Element, rect: DOMRect): boolean {
  const a = target.getBoundingClientRect();
  return a.height > 0 && a.bottom > rect.top && a.top < rect.bottom && a.right > rect.left && a.left < rect.right;
}

/**
 * Scroll the page so `target` is not under `panel` (a fixed banner). False when the page cannot
 * scroll far enough, e.g. at its end or when the banner is most of a small screen.
 */
function scrollClear(target: Element, panel: Element, win: Window): boolean {
  const place = panel.getBoundingClientRect();
  if (!overlaps(target, place)) return true;
  const a = target.getBoundingClientRect();
  const down = a.bottom - place.top + 16;
  const up = a.top - place.bottom - 16;
  // Move the content above the banner; below it only when the banner does not sit on the bottom
  // edge (a centred box) and that is the shorter way.
  const atBottom = place.bottom >= win.innerHeight - 1;
  win.scrollBy({ top: atBottom || down < -up ? down : up, behavior: 'instant' });
  return !overlaps(target, place);
}

/**
 * WCAG 2.2 SC 2.4.11 beside a non-modal banner: page content that gets focus must not sit under it. It scrolls
 * clear; when the page cannot scroll far enough (the end of a short page, a small screen), the banner slides out of
 * the way (`.away`) until focus goes somewhere it would not cover, or into the banner. Returns what stops it.
 */
export function keepFocusClear(
  doc: Document,
  banner: { onScreen(): { wrap: HTMLElement; panel: HTMLElement } | undefined },
): () => void {
  const win = doc.defaultView;
  /** Where the banner was when it slid out of the way; a banner shown again starts in place. */
  let away: { wrap: HTMLElement; from: DOMRect } | undefined;
  const slide = (wrap: HTMLElement, from?: DOMRect) => {
    away = from && { wrap, from };
    wrap.classList.toggle('away', Boolean(from));
  };
  const unobscure = (target: Element) => {
    const shown = banner.onScreen();
    if (!shown || !win) return;
    if (away?.wrap === shown.wrap) {
      if (!overlaps(target, away.from)) slide(shown.wrap);
      return;
    }
    const place = shown.panel.getBoundingClientRect();
    if (!scrollClear(target, shown.panel, win)) slide(shown.wrap, place);
  };
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target as Element | null;
    const shown = banner.onScreen();
    // Covered: the preferences over the banner look after focus.
    if (!target || !shown) return;
    const root = shown.panel.getRootNode();
    if (target === (root as ShadowRoot).host || root.contains(target)) {
      if (away) slide(shown.wrap);
      return;
    }
    // After the browser's own scroll-into-view for the focus, which comes after this event.
    win?.requestAnimationFrame(() => unobscure(target));
  };
  doc.addEventListener('focusin', onFocusIn);
  return () => doc.removeEventListener('focusin', onFocusIn);
}
