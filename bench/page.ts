import type { Library } from './libraries.js';

/** The same small content page for every library; only the consent markup differs. */
export function benchPage(library: Library, gtagSrc: string): string {
  const paragraph =
    'Vi brenner kaffe i små partier i Florø og sender den til hele Norden. Hver sekk har en historie: gården, ' +
    'høyden, været det året. Vi skriver den på posen, så du vet hva du drikker og hvem du støtter når du kjøper.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${library.head}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fjordkaffe – roasted by the fjord</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/site.css">
${library.gated(gtagSrc)}
</head>
<body>
<header><nav><a href="/">Fjordkaffe</a> <a href="/shop">Shop</a> <a href="/about">About</a></nav></header>
<main>
<h1>Roasted by the fjord</h1>
<p>${paragraph}</p>
<img src="/hero.svg" width="1200" height="600" alt="A coffee roaster by the fjord">
<h2>Our beans</h2>
<p>${paragraph}</p>
<p>${paragraph}</p>
<h2>Visit us</h2>
<p>${paragraph}</p>
</main>
<footer><p>Fjordkaffe AS · Florø · <a href="/privacy">Privacy and cookies</a></p></footer>
${library.body ?? ''}
</body>
</html>`;
}

/** The site's own stylesheet, identical on every page. */
export const SITE_CSS = `body{margin:0 auto;max-width:60rem;padding:1rem;font:1.0625rem/1.6 system-ui,sans-serif;color:#1d2430}
header nav{display:flex;gap:1rem;padding:.5rem 0}img{display:block;max-width:100%;height:auto;background:#d9cbb8}
h1{font-size:2.25rem;line-height:1.2}footer{margin-top:3rem;border-top:1px solid #ccc}`;

/** An image placeholder with intrinsic size, so the page itself never shifts. */
export const HERO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="600" viewBox="0 0 1200 600"><rect width="1200" height="600" fill="#d9cbb8"/><path d="M0 420 300 260 520 380 780 200 1200 430V600H0Z" fill="#6b7f8e"/></svg>';

/** The gated GA-style library: notes when it ran and sets its cookie, as gtag.js does. */
export const GATED_SCRIPT = `(function(){var b=window.__bench||(window.__bench={});b.gatedAt=performance.now();
document.cookie='_ga=GA1.1.'+Math.floor(Math.random()*1e9)+'.'+Math.floor(Date.now()/1e3)+'; path=/; max-age=63072000; samesite=lax';
if(window.__benchNotify)window.__benchNotify('gated');})();`;

/** What the init script leaves on `window.__bench`. */
export interface PageRecord {
  seenAt?: number;
  paintedAt?: number;
  gatedAt?: number;
  longTasks: Array<[start: number, duration: number]>;
  cls: number;
}

/**
 * Runs before any page script. Records long tasks and layout shifts from the start of navigation and, when
 * `watch` is set, the first animation frame in which a banner candidate is visible (in the viewport, laid out,
 * not hidden, non-zero opacity up through shadow hosts); the frame after it is the one that painted it.
 */
function pageSide(probe: () => Element[], watch: boolean): void {
  type Bench = PageRecord & { visible: () => boolean; probe: () => Element[] };
  const w = window as unknown as { __bench?: Partial<Bench>; __benchNotify?: (what: string) => void };
  w.__bench ??= {};
  const bench = w.__bench as Bench;
  bench.longTasks = [];
  bench.cls = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
      if (!e.hadRecentInput) bench.cls += e.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const shown = (element: Element): boolean => {
    const box = element.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return false;
    if (box.bottom <= 0 || box.right <= 0 || box.top >= innerHeight || box.left >= innerWidth) return false;
    let node: Element | null = element;
    while (node) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
      const root = node.getRootNode();
      node = node.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
    }
    return true;
  };
  bench.probe = probe;
  bench.visible = () => probe().some(shown);
  if (!watch) return;
  const frame = () => {
    if (!bench.visible()) return void requestAnimationFrame(frame);
    bench.seenAt = performance.now();
    requestAnimationFrame(() => {
      bench.paintedAt = performance.now();
      w.__benchNotify?.('painted');
    });
  };
  requestAnimationFrame(frame);
}

/** The init script for one library's page. */
export function initScript(library: Library, watch: boolean): string {
  return `(${pageSide.toString()})(${library.probe}, ${watch});`;
}
