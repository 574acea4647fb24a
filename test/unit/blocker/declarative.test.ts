import { describe, expect, it, vi } from 'vitest';
import { createDeclarativeScripts } from '../../../src/blocker/release/declarative.js';

/** Owner-marked scripts in document order. */
function markedPage(parts: Array<{ id: string; src?: string }>) {
  return parts.map(({ id, src }) => {
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.setAttribute('data-category', 'statistics');
    script.id = id;
    if (src) script.setAttribute('data-src', src);
    else script.text = `void ${JSON.stringify(id)}`;
    document.body.append(script);
    return script;
  });
}
/** Inline marked scripts released so far: a live copy (no `type="text/plain"`) replaced the marked one. */
const ran = () =>
  [...document.querySelectorAll('script:not([type])')].filter((s) => !s.hasAttribute('src')).map((s) => s.id);

describe('release queue', () => {
  it('skips a marked script page code removed before its turn, and releases the ones after it', async () => {
    const [, second] = markedPage([
      { id: 'lib', src: 'https://cdn.fjordkaffe.test/lib.js' },
      { id: 'gone', src: 'https://cdn.fjordkaffe.test/gone.js' },
      { id: 'after' },
    ]);
    const scripts = createDeclarativeScripts(document, () => true);
    scripts.release();
    // A single-page app re-renders: the second marked script is gone before the first has loaded.
    second?.remove();
    await vi.waitFor(() => expect(ran()).toEqual(['after']));
    // And the queue keeps serving scripts added later.
    markedPage([{ id: 'later' }]);
    scripts.release();
    await vi.waitFor(() => expect(ran()).toEqual(['after', 'later']));
  });

  it('one release that throws is reported and the rest still run', async () => {
    markedPage([{ id: 'broken', src: 'https://cdn.fjordkaffe.test/broken.js' }, { id: 'fine' }]);
    const errors: unknown[] = [];
    const scripts = createDeclarativeScripts(
      document,
      () => true,
      (element, name, value) => {
        if (String(value).includes('broken')) throw new TypeError('refused by a Trusted Types policy');
        element.setAttribute(name, String(value));
      },
      () => true,
      (error) => errors.push(error),
    );
    scripts.release();
    await vi.waitFor(() => expect(ran()).toEqual(['fine']));
    expect(errors).toHaveLength(1);
  });

  it('a script that neither loads nor fails holds the queue for RELEASE_TIMEOUT_MS at most', async () => {
    vi.useFakeTimers();
    try {
      markedPage([{ id: 'hangs', src: 'https://cdn.fjordkaffe.test/hangs.js' }, { id: 'next' }]);
      const scripts = createDeclarativeScripts(
        document,
        () => true,
        (element, name, value) => {
          element.setAttribute(name, String(value));
          // The fresh script never fires load or error, like a server that never answers.
          if (name === 'src') element.addEventListener = () => {};
        },
      );
      scripts.release();
      await vi.advanceTimersByTimeAsync(4000);
      expect(ran()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1500);
      expect(ran()).toEqual(['next']);
    } finally {
      vi.useRealTimers();
    }
  });
});
