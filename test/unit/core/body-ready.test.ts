import { describe, expect, it } from 'vitest';
import { bodyReady } from '../../../src/core/body-ready.js';

/** A document whose parser has not reached `<body>` yet. */
function inHead() {
  const doc = document.implementation.createHTMLDocument('');
  doc.body.remove();
  return doc;
}

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  // Mutation records and promise reactions are microtasks: a macrotask later both have run.
  await new Promise((resolve) => setTimeout(resolve));
  return done;
};

describe('bodyReady', () => {
  it('resolves at once when <body> exists', async () => {
    expect(await settled(bodyReady(document))).toBe(true);
  });

  it('resolves when the parser inserts <body>, before the document has loaded', async () => {
    const doc = inHead();
    const ready = bodyReady(doc);
    expect(await settled(ready)).toBe(false);
    // Something else in <html> first (a comment): still waiting.
    doc.documentElement.append(doc.createComment('x'));
    expect(await settled(ready)).toBe(false);
    doc.documentElement.append(doc.createElement('body'));
    expect(await settled(ready)).toBe(true);
  });

  it('resolves at DOMContentLoaded too, for a body that came without a mutation it saw', async () => {
    const doc = inHead();
    const ready = bodyReady(doc);
    const body = doc.createElement('body');
    // In a new <html>: not a change of the <html> it watches.
    const html = doc.createElement('html');
    html.append(body);
    doc.documentElement.remove();
    doc.append(html);
    expect(await settled(ready)).toBe(false);
    doc.dispatchEvent(new Event('DOMContentLoaded'));
    expect(await settled(ready)).toBe(true);
  });
});
