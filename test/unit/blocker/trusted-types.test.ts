import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchElements } from '../../../src/blocker/element-patches.js';
import { createHeldRegistry, type Gate } from '../../../src/blocker/held.js';
import { patchMarkup } from '../../../src/blocker/html-patches.js';
import type { Restore } from '../../../src/blocker/patch.js';
import { trustedSinks } from '../../../src/blocker/trusted-types.js';

/**
 * happy-dom has no Trusted Types, so the page gets a factory that behaves like the browser's for what the
 * patches can see: trusted values are objects that stringify to what they carry, and know their policy.
 * Real enforcement is tested in Chromium (test/e2e/trusted-types.test.ts).
 */
class Trusted {
  constructor(
    readonly value: string,
    readonly policy: string,
  ) {}
  toString() {
    return this.value;
  }
}
const policies: string[] = [];
const factory = {
  createPolicy(name: string, rules: Record<string, (input: string) => string>) {
    if (policies.includes(name)) throw new TypeError(`Policy with name "${name}" already exists.`);
    policies.push(name);
    const make = (rule: string) => (input: string) => new Trusted(rules[rule]?.(input) ?? input, name);
    return {
      createHTML: make('createHTML'),
      createScript: make('createScript'),
      createScriptURL: make('createScriptURL'),
    };
  },
  isHTML: (value: unknown) => value instanceof Trusted,
  isScript: (value: unknown) => value instanceof Trusted,
  isScriptURL: (value: unknown) => value instanceof Trusted,
};
const site = factory.createPolicy('site', {});

/** What the browser's own setters were given, recorded under the patches. */
const sunk: unknown[] = [];
const record = (proto: object, key: string): Restore => {
  const original = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
  Object.defineProperty(proto, key, {
    ...original,
    set(this: Element, value: unknown) {
      sunk.push(value);
      original.set?.call(this, String(value));
    },
  });
  return () => Object.defineProperty(proto, key, original);
};

const gate: Gate = {
  check: (url) => (url.includes('youtube') ? { category: 'marketing', service: 'youtube' } : undefined),
  hold(entry) {
    gate.held.add(entry);
  },
  held: createHeldRegistry(),
};
const restores: Restore[] = [];
beforeAll(() => {
  (window as unknown as { trustedTypes: typeof factory }).trustedTypes = factory;
  restores.push(record(Element.prototype, 'innerHTML'), record(HTMLScriptElement.prototype, 'src'));
  const win = window as unknown as Window & typeof globalThis;
  patchElements(
    win,
    gate,
    patchMarkup(win, gate, () => {}, restores),
    restores,
  );
});
afterAll(() => {
  for (const restore of restores.reverse()) restore();
});
const last = () => sunk[sunk.length - 1];

describe('Trusted Types through the patches', () => {
  it('a TrustedHTML that needs no rewriting reaches the browser as the page’s own object', () => {
    const html = site.createHTML('<p>Hei</p>');
    document.createElement('div').innerHTML = html as unknown as string;
    expect(last()).toBe(html);
  });

  it('trusted markup with a held frame is rewritten and wrapped by samtykke’s policy, not handed on as a string', () => {
    const div = document.createElement('div');
    div.innerHTML = site.createHTML('<iframe src="https://www.youtube.com/embed/x"></iframe>') as unknown as string;
    const given = last() as Trusted;
    expect(given).toBeInstanceOf(Trusted);
    expect(given.policy).toBe('samtykke');
    expect(given.value).toContain('data-src="https://www.youtube.com/embed/x"');
  });

  it('a string stays a string, so the page’s default policy still judges it; samtykke never vouches for it', () => {
    document.createElement('div').innerHTML = '<iframe src="https://www.youtube.com/embed/y"></iframe>';
    expect(typeof last()).toBe('string');
    expect(last()).toContain('data-src');
  });

  it('markup is read once: an object whose text changes on the second read cannot slip a frame past', () => {
    let reads = 0;
    const shifty = {
      toString: () => (reads++ ? '<iframe src="https://www.youtube.com/embed/z"></iframe>' : '<p></p>'),
    };
    document.createElement('div').innerHTML = shifty as unknown as string;
    expect(reads).toBe(1);
    expect(last()).toBe('<p></p>');
  });

  it('a TrustedScriptURL goes on as the page’s object; a held one keeps it for its release', () => {
    const own = site.createScriptURL('https://www.fjordkaffe.test/app.js');
    document.createElement('script').src = own as unknown as string;
    expect(last()).toBe(own);
    const held = document.createElement('script');
    const tracker = site.createScriptURL('https://www.youtube.com/iframe_api');
    const before = sunk.length;
    held.src = tracker as unknown as string;
    expect(sunk.length).toBe(before);
    expect(gate.held.get(held)?.value).toBe(tracker);
    expect(held.src).toBe('https://www.youtube.com/iframe_api');
  });

  it('the policy is created once per window; samtykke’s own URLs and markup go through it', () => {
    const sinks = trustedSinks(window);
    expect(trustedSinks(window)).toBe(sinks);
    expect(policies.filter((name) => name === 'samtykke')).toHaveLength(1);
    expect((sinks.createScriptURL('/samtykke-ui.en.js') as Trusted).policy).toBe('samtykke');
    expect((sinks.createScript('x()') as Trusted).policy).toBe('samtykke');
  });
});
