import { afterEach, describe, expect, it } from 'vitest';
import { canonicalHost } from '../../../src/blocker/host.js';
import { type Blocker, createBlocker } from '../../../src/blocker/index.js';
import { createMatcher } from '../../../src/blocker/rules.js';
import { normalizeConfig } from '../../../src/core/index.js';

const config = normalizeConfig({
  categories: { statistics: { services: ['hotjar'] }, marketing: { services: ['meta-pixel', 'youtube'] } },
  blocking: {
    rules: [
      { pattern: 'player.vimeo.com', category: 'statistics' },
      { pattern: 'xn--blgg-hra.no', category: 'marketing' },
    ],
  },
});
const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

let blocker: Blocker | undefined;
let granted: string[] = [];
let events: Array<[string, string, string?]> = [];
const start = () => {
  granted = [];
  events = [];
  blocker = createBlocker({
    config,
    document,
    isAllowed: (category) => category === 'necessary' || granted.includes(category),
    onEvent: (name, detail) => events.push([name, detail.url, 'reason' in detail ? detail.reason : undefined]),
  });
  blocker.start();
  return blocker;
};
const release = (category: string) => {
  granted.push(category);
  blocker?.refresh();
};
afterEach(() => {
  blocker?.stop();
  blocker = undefined;
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('host names are compared in one spelling', () => {
  it('a trailing dot, upper case and an internationalised name all meet their rule', () => {
    const match = createMatcher(config, () => 'https://www.fjordkaffe.test/');
    expect(match('https://connect.facebook.net./x.js')).toEqual({ category: 'marketing', service: 'meta-pixel' });
    expect(match('https://CONNECT.Facebook.NET../x.js')).toEqual({ category: 'marketing', service: 'meta-pixel' });
    expect(match('https://www.bløgg.no/pixel')).toBeUndefined();
    expect(match('https://BLØGG.no./pixel')).toEqual({ category: 'marketing' });
    expect(canonicalHost('Localhost:8080')).toBe('localhost:8080');
  });

  it('the owner may write a pattern in Unicode or with the trailing dot; it means the same host', () => {
    const owner = normalizeConfig({
      categories: { marketing: {} },
      blocking: {
        rules: [
          { pattern: 'Bløgg.no', category: 'marketing' },
          { pattern: '*.sporing.example./px', category: 'marketing' },
        ],
      },
    });
    const match = createMatcher(owner, () => 'https://www.fjordkaffe.test/');
    expect(match('https://xn--blgg-hra.no/pixel')).toEqual({ category: 'marketing' });
    expect(match('https://BLØGG.no./pixel')).toEqual({ category: 'marketing' });
    expect(match('https://a.sporing.example/px?id=1')).toEqual({ category: 'marketing' });
    expect(() =>
      normalizeConfig({
        categories: { marketing: {} },
        blocking: { rules: [{ pattern: 'bl øgg.no', category: 'marketing' }] },
      }),
    ).toThrow(/expected a host pattern/);
  });
});

describe('the script gadget: marked markup is believed only when its URL backs the claim', () => {
  it.each([
    ['necessary', 'javascript:top.__xss=1', 'necessary'],
    ['marketing', 'javascript:top.__xss=1', 'scheme'],
    ['marketing', 'data:text/html,<script>top.__xss=1</script>', 'scheme'],
    ['marketing', 'blob:https://www.fjordkaffe.test/1', 'scheme'],
    ['marketing', 'https://evil.example/frame', 'unmatched'],
    ['statistics', 'https://www.youtube.com/embed/x', 'unmatched'],
  ])('a frame claiming %s with %s is refused (%s) and never gets a src', async (category, url, reason) => {
    start();
    document.body.innerHTML = `<iframe data-category="${category}" data-src="${url}"></iframe>`;
    await nextTask();
    release('statistics');
    release('marketing');
    await nextTask();
    expect(document.querySelector('iframe')?.hasAttribute('src')).toBe(false);
    expect(events).toEqual([['refused', url, reason]]);
  });

  it('a frame whose host’s rule is the claimed category is held and released (control)', async () => {
    start();
    document.body.innerHTML = '<iframe data-category="marketing" data-src="https://www.youtube.com/embed/x"></iframe>';
    await nextTask();
    expect(document.querySelector('iframe')?.hasAttribute('data-samtykke-held')).toBe(true);
    release('marketing');
    expect(document.querySelector('iframe')?.getAttribute('src')).toBe('https://www.youtube.com/embed/x');
  });

  it('marked scripts: necessary and foreign hosts are refused; declared hosts and the site’s own files run', async () => {
    start();
    document.head.innerHTML = [
      '<script type="text/plain" data-category="necessary">window.__necessary = 1</script>',
      '<script type="text/plain" data-category="marketing" data-src="https://evil.example/x.js"></script>',
      '<script type="text/plain" data-category="marketing" data-src="javascript:alert(1)"></script>',
      `<script type="text/plain" data-category="marketing" data-src="${FB}"></script>`,
      '<script type="text/plain" data-category="marketing" async data-src="/js/own.js"></script>',
    ].join('');
    await nextTask();
    release('marketing');
    await nextTask();
    await nextTask();
    const live = Array.from(document.head.querySelectorAll('script:not([type])')).map((s) => s.getAttribute('src'));
    expect(live).toEqual([FB, '/js/own.js']);
    expect(events.filter((e) => e[0] === 'refused').map((e) => e[2])).toEqual(['necessary', 'unmatched', 'scheme']);
  });
});

describe('every way to set a URL attribute', () => {
  it('setAttributeNS, an Attr’s value, setAttributeNode and setNamedItem are checked like setAttribute', () => {
    start();
    const a = document.createElement('script');
    a.setAttributeNS(null, 'src', FB);
    const b = document.createElement('img');
    b.setAttribute('alt', '');
    b.setAttribute('src', '/ok.png');
    (b.attributes.getNamedItem('src') as Attr).value = 'https://www.facebook.com/tr?id=1';
    const c = document.createElement('iframe');
    const attr = document.createAttribute('src');
    attr.value = 'https://www.youtube.com/embed/x';
    c.setAttributeNode(attr);
    const d = document.createElement('img');
    const named = document.createAttribute('srcset');
    named.value = '/a.png 1x, https://www.facebook.com/tr?id=2 2x';
    d.attributes.setNamedItem(named);
    expect([a.getAttribute('src'), b.getAttribute('src'), c.getAttribute('src'), d.getAttribute('srcset')]).toEqual([
      null,
      '/ok.png',
      null,
      null,
    ]);
    expect(a.src).toBe(FB);
  });

  it('SVG script href (attribute, xlink, baseVal) is held and released as href', () => {
    start();
    const ns = 'http://www.w3.org/2000/svg';
    const a = document.createElementNS(ns, 'script');
    a.setAttribute('href', FB);
    const b = document.createElementNS(ns, 'script');
    b.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', FB);
    expect([a.getAttribute('href'), b.getAttribute('xlink:href')]).toEqual([null, null]);
    release('marketing');
    expect(a.getAttribute('href')).toBe(FB);
  });

  it('srcset, link href, poster, object data, form action and ping are dropped when blocked', () => {
    start();
    const img = document.createElement('img');
    img.srcset = 'https://www.facebook.com/tr?id=1 1x';
    const link = document.createElement('link');
    link.href = 'https://connect.facebook.net/preload.js';
    const video = document.createElement('video');
    video.poster = 'https://www.facebook.com/tr?p=1';
    const form = document.createElement('form');
    form.setAttribute('action', 'https://www.facebook.com/tr');
    const a = document.createElement('a');
    a.setAttribute('ping', '/own https://www.facebook.com/tr?ping');
    expect(
      [img, link, video, form, a].map((el) =>
        ['srcset', 'href', 'poster', 'action', 'ping'].some((name) => el.hasAttribute(name)),
      ),
    ).toEqual([false, false, false, false, false]);
    link.href = '/styles.css';
    expect(link.getAttribute('href')).toBe('/styles.css');
  });
});

describe('every HTML parsing entry point', () => {
  const FRAME = '<iframe src="https://www.youtube.com/embed/x"></iframe><img src="https://www.facebook.com/tr?id=1">';
  const clean = (root: ParentNode) =>
    Array.from(root.querySelectorAll('iframe,img')).every((el) => !el.hasAttribute('src'));

  it('shadow roots and srcdoc rewrite (the rest: test/e2e/escape-routes.test.ts)', () => {
    start();
    const host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = FRAME;
    expect(clean(shadow)).toBe(true);
    const frame = document.createElement('iframe');
    frame.srcdoc = `<script src="${FB}"></script>`;
    expect(frame.getAttribute('srcdoc')).toContain('type="text/plain"');
    frame.setAttribute('srcdoc', `<script src="${FB}"></script>`);
    expect(frame.getAttribute('srcdoc')).toContain('type="text/plain"');
  });

  it('an element named like an Object.prototype member (<constructor>) breaks neither the rewrite nor the observer', async () => {
    start();
    const box = document.createElement('div');
    box.innerHTML = `<constructor x="1"></constructor>${FRAME}`;
    expect(clean(box)).toBe(true);
    // Nodes parsed elsewhere and adopted: the observer meets the odd element in the same batch as the trackers.
    const parsed = new DOMParser().parseFromString(`<constructor></constructor>${FRAME}`, 'text/html');
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
    window.addEventListener('error', onError);
    document.body.append(...Array.from(parsed.body.childNodes));
    await nextTask();
    window.removeEventListener('error', onError);
    expect(errors).toEqual([]);
    expect(document.body.querySelector('constructor')).not.toBeNull();
    expect(clean(document.body)).toBe(true);
  });

  it('quoted `>` and character references do not hide a URL from the rewrite', () => {
    start();
    const box = document.createElement('div');
    box.innerHTML =
      '<img alt="a>b" src="https://www.facebook.com/tr?id=1"><img src="https://www&#46;facebook&period;com/tr">';
    expect(clean(box)).toBe(true);
  });
});
