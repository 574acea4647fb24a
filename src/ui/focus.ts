const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),summary,[tabindex]:not([tabindex="-1"])';

/** Elements inside `container` that Tab reaches, in order (content of closed `<details>` left out). */
export function focusables(container: ParentNode): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.closest('details:not([open]) > :not(summary)') && !el.closest('[inert]'),
  );
}

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Keep Tab and Shift+Tab inside `container` (a modal dialog): the last element wraps to the first. */
export function trapTab(event: KeyboardEvent, container: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const items = focusables(container);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const active = (container.getRootNode() as Document | ShadowRoot).activeElement;
  const outside = !active || !container.contains(active);
  if (event.shiftKey ? outside || active === first : outside || active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

/** `target` overlaps `rect` on screen. */
export function overlaps(target: Element, rect: DOMRect): boolean {
  const a = target.getBoundingClientRect();
  return a.height > 0 && a.bottom > rect.top && a.top < rect.bottom && a.right > rect.left && a.left < rect.right;
}

/**
 * Scroll the page so `target` is not under `panel` (a fixed banner). False when the page cannot
 * scroll far enough, e.g. at its end or when the banner is most of a small screen.
 */
export function scrollClear(target: Element, panel: Element, win: Window): boolean {
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
