import { afterEach, describe, expect, it } from 'vitest';
import {
  type Blocker,
  createBlocker,
  createInterception,
  createRelease,
  type Interception,
  type RuleMatch,
} from '../../../src/blocker/index.js';
import { normalizeConfig } from '../../../src/core/index.js';

const config = normalizeConfig({
  categories: { statistics: { services: ['hotjar'] }, marketing: { services: ['meta-pixel', 'youtube'] } },
});
const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

let blocker: Blocker | undefined;
let granted: string[] = [];
let events: Array<[string, string]> = [];
let allowed: RuleMatch[] = [];
const start = () => {
  granted = [];
  events = [];
  allowed = [];
  blocker = createBlocker({
    config,
    document,
    isAllowed: (category) => category === 'necessary' || granted.includes(category),
    onEvent: (name, detail) => events.push([name, detail.url]),
    allow: (match) => allowed.push(match),
    placeholderTexts: ({ service, provider, category }) => ({
      text: `This content is provided by ${provider} (${service}) for ${category}.`,
      button: `Load ${service}`,
    }),
  });
  blocker.start();
  return blocker;
};
afterEach(() => {
  blocker?.stop();
  blocker = undefined;
});

describe('scripts created by code', () => {
  it('a blocked src never reaches the attribute; the page reads it back; release sets it on the same element', () => {
    start();
    const script = document.createElement('script');
    script.src = FB;
    expect(script.hasAttribute('src')).toBe(false);
    expect(script.src).toBe(FB);
    expect(events).toEqual([['blocked', FB]]);
    granted.push('marketing');
    blocker?.refresh();
    expect(script.getAttribute('src')).toBe(FB);
    expect(events.at(-1)).toEqual(['released', FB]);
  });

  it('setAttribute("src") takes the same path; allowed URLs pass untouched', () => {
    start();
    const held = document.createElement('script');
    held.setAttribute('SRC', FB);
    expect(held.getAttribute('src')).toBeNull();
    const own = document.createElement('script');
    own.setAttribute('src', '/app.js');
    expect(own.getAttribute('src')).toBe('/app.js');
  });

  it('an image pixel is dropped and not replayed after consent', () => {
    start();
    const pixel = new Image();
    pixel.src = 'https://www.facebook.com/tr?id=1';
    expect(pixel.hasAttribute('src')).toBe(false);
    granted.push('marketing');
    blocker?.refresh();
    expect(pixel.hasAttribute('src')).toBe(false);
  });
});

describe('tags added with a src attribute (parser, innerHTML)', () => {
  it('are neutralised: type javascript/blocked, src moved away; release restores type and src', async () => {
    start();
    document.head.innerHTML = `<script type="text/javascript" src="${FB}"></script>`;
    await nextTask();
    const script = document.head.querySelector('script') as HTMLScriptElement;
    expect([script.getAttribute('type'), script.getAttribute('src')]).toEqual(['javascript/blocked', null]);
    granted.push('marketing');
    blocker?.refresh();
    expect([script.getAttribute('type'), script.getAttribute('src')]).toEqual(['text/javascript', FB]);
  });

  it('a frame is hidden in place behind a placeholder with a real button; release shows the same frame', async () => {
    start();
    document.body.innerHTML = '<div id="box"></div>';
    (document.getElementById('box') as HTMLElement).innerHTML =
      '<iframe width="560" height="315" src="https://www.youtube.com/embed/x"></iframe>';
    await nextTask();
    const frame = document.querySelector('iframe') as HTMLIFrameElement;
    expect([frame.hasAttribute('src'), frame.hasAttribute('data-samtykke-held')]).toEqual([false, true]);
    const host = document.querySelector('.samtykke-embed') as HTMLElement;
    expect([host.style.width, host.style.height]).toEqual(['560px', '315px']);
    const button = host.shadowRoot?.querySelector('button') as HTMLButtonElement;
    expect(button.textContent).toBe('Load YouTube');
    expect(host.shadowRoot?.querySelector('p')?.textContent).toBe(
      'This content is provided by Google Ireland Ltd. (YouTube) for marketing.',
    );
    button.click();
    expect(allowed).toEqual([{ category: 'marketing', service: 'youtube' }]);
    granted.push('marketing');
    blocker?.refresh();
    expect(document.querySelector('.samtykke-embed')).toBeNull();
    expect(document.querySelector('iframe')).toBe(frame);
    expect([frame.getAttribute('src'), frame.hasAttribute('data-samtykke-held')]).toEqual([
      'https://www.youtube.com/embed/x',
      false,
    ]);
  });

  it('the placeholder follows its frame: removed with it, moved with it', async () => {
    start();
    document.body.innerHTML = '<div id="a"></div><div id="b"></div>';
    const frame = document.createElement('iframe');
    frame.src = 'https://www.youtube.com/embed/x';
    document.getElementById('a')?.append(frame);
    await nextTask();
    // Asked by selector: tree walks by script step over placeholders (tree-walks.ts), also happy-dom's own.
    const boxedBy = () => frame.parentElement?.querySelector(':scope > .samtykke-embed + iframe');
    expect(boxedBy()).toBe(frame);
    document.getElementById('b')?.append(frame);
    await nextTask();
    expect(document.querySelectorAll('#b .samtykke-embed, #a .samtykke-embed').length).toBe(1);
    expect(boxedBy()).toBe(frame);
    frame.remove();
    await nextTask();
    expect(document.querySelector('.samtykke-embed')).toBeNull();
  });
});

describe('network', () => {
  it('fetch to a blocked host rejects like a network error', async () => {
    start();
    await expect(fetch('https://region1.google-analytics.com/g/collect')).rejects.toThrow(TypeError);
  });
});

describe('stop()', () => {
  it('puts every patched property back exactly', () => {
    const patched: Array<[object, string]> = [
      [HTMLScriptElement.prototype, 'src'],
      [HTMLIFrameElement.prototype, 'src'],
      [HTMLImageElement.prototype, 'src'],
      [Element.prototype, 'setAttribute'],
      [Element.prototype, 'innerHTML'],
      [Document.prototype, 'write'],
      [window, 'fetch'],
      [XMLHttpRequest.prototype, 'open'],
    ];
    const descriptors = () => patched.map(([target, key]) => Object.getOwnPropertyDescriptor(target, key));
    const before = descriptors();
    start().stop();
    blocker = undefined;
    expect(descriptors()).toEqual(before);
  });
});

describe('marked markup is released only under the rule it claims', () => {
  it('a frame marked with another category than its host’s rule is refused and reported, not held', async () => {
    start();
    document.body.innerHTML =
      '<iframe data-category="statistics" data-src="https://player.vimeo.com/video/1" width="640" height="360"></iframe>';
    await nextTask();
    expect(events).toEqual([['refused', 'https://player.vimeo.com/video/1']]);
    granted.push('statistics');
    blocker?.refresh();
    await nextTask();
    expect(document.querySelector('iframe')?.hasAttribute('src')).toBe(false);
  });
});

describe('a release that comes after the interception (the runtime arriving late)', () => {
  const YOUTUBE_URL = 'https://www.youtube.com/embed/abc';
  let interception: Interception | undefined;
  afterEach(() => {
    interception?.stop();
    interception = undefined;
    document.body.innerHTML = '';
  });
  /** The loader's part now; `late()` brings the release code, as the runtime does when it arrives. */
  const early = () => {
    events = [];
    granted = [];
    interception = createInterception({
      config,
      document,
      isAllowed: (category) => granted.includes(category),
      onEvent: (name, detail) => events.push([name, detail.url]),
    });
    interception.start();
    const running = interception;
    return () => {
      const release = createRelease(running, { document, isAllowed: (category) => granted.includes(category) });
      release.start();
      return release;
    };
  };
  const released = () => events.filter(([name]) => name === 'released').map(([, url]) => url);

  it('a frame the HTML marked comes out before what page code held after it arrived, a refused one drops out', async () => {
    const late = early();
    document.body.innerHTML =
      `<iframe data-category="marketing" data-src="${YOUTUBE_URL}"></iframe>` +
      '<iframe data-category="statistics" data-src="https://player.vimeo.com/video/1"></iframe>';
    await nextTask();
    const script = document.createElement('script');
    script.src = FB;
    document.head.append(script);
    const release = late();
    granted.push('marketing', 'statistics');
    release.refresh();
    expect(released()).toEqual([YOUTUBE_URL, FB]);
    expect(interception?.held.list()).toEqual([]);
  });

  it('control: a frame marked after page code held its script comes out after it', async () => {
    const late = early();
    const script = document.createElement('script');
    script.src = FB;
    document.head.append(script);
    document.body.innerHTML = `<iframe data-category="marketing" data-src="${YOUTUBE_URL}"></iframe>`;
    await nextTask();
    const release = late();
    granted.push('marketing');
    release.refresh();
    expect(released()).toEqual([FB, YOUTUBE_URL]);
  });
});
