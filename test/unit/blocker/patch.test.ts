import { afterEach, describe, expect, it } from 'vitest';
import { type Blocker, createBlocker } from '../../../src/blocker/index.js';
import { patchMethod, undo } from '../../../src/blocker/patch.js';
import { normalizeConfig } from '../../../src/core/index.js';

const config = normalizeConfig({ categories: { marketing: { services: ['meta-pixel'] } } });
const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const blockers: Blocker[] = [];
const startBlocker = () => {
  const blocker = createBlocker({ config, document, isAllowed: (category) => category === 'necessary' });
  blocker.start();
  blockers.push(blocker);
  return blocker;
};
const held = () => {
  const script = document.createElement('script');
  script.src = FB;
  return !script.hasAttribute('src');
};
afterEach(() => {
  for (const blocker of blockers.splice(0)) blocker.stop();
});

describe('undoing patches in any order', () => {
  it('two blockers: stopping the first leaves the second blocking; stopping both leaves the natives', () => {
    const native = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src');
    const first = startBlocker();
    const second = startBlocker();
    first.stop();
    expect(held()).toBe(true);
    second.stop();
    expect(held()).toBe(false);
    blockers.splice(0);
    // The first one's patch stayed below the second as a pass-through; what is installed now behaves natively.
    const script = document.createElement('script');
    script.src = '/app.js';
    expect(script.getAttribute('src')).toBe('/app.js');
    expect(native?.set).toBeTypeOf('function');
  });

  it('stopped in reverse order, every property is the native descriptor again', () => {
    const before = Object.getOwnPropertyDescriptor(Element.prototype, 'setAttribute');
    const first = startBlocker();
    const second = startBlocker();
    second.stop();
    expect(held()).toBe(true);
    first.stop();
    blockers.splice(0);
    expect(Object.getOwnPropertyDescriptor(Element.prototype, 'setAttribute')).toEqual(before);
  });

  it('a script that wrapped fetch after samtykke keeps its wrapper when samtykke stops, and fetch stays blocked under it until then', async () => {
    const blocker = startBlocker();
    const seen: string[] = [];
    const ours = window.fetch;
    window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      seen.push(String(input));
      return ours.call(this, input, init);
    };
    const theirs = window.fetch;
    await expect(fetch('https://www.facebook.com/tr?id=1')).rejects.toThrow(TypeError);
    blocker.stop();
    blockers.splice(0);
    expect(window.fetch).toBe(theirs);
    expect(seen).toEqual(['https://www.facebook.com/tr?id=1']);
  });

  it('a patched function keeps the native name and length', () => {
    const target = {
      run(a: number, b: number) {
        return a + b;
      },
    };
    const restore = patchMethod<(a: number, b: number) => number>(
      target,
      'run',
      (original) => (a, b) => original(a, b) * 10,
    );
    expect([target.run.name, target.run.length, target.run(1, 2)]).toEqual(['run', 2, 30]);
    restore();
    expect(target.run(1, 2)).toBe(3);
  });
});

describe('undo(): every patch of a list taken away', () => {
  it('restores each patched property in the order given', () => {
    const target = { a: () => 'a', b: () => 'b' };
    const restores = [
      patchMethod<() => string>(target, 'a', () => () => 'patched a'),
      patchMethod<() => string>(target, 'b', () => () => 'patched b'),
    ];
    expect([target.a(), target.b()]).toEqual(['patched a', 'patched b']);
    undo(restores)();
    expect([target.a(), target.b()]).toEqual(['a', 'b']);
  });
});
