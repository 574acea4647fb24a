import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';

// Each test starts with no decision cookie and an empty body.
afterEach(() => {
  // Server-rendering tests run in Node's environment, which has no document to reset.
  if (typeof document === 'undefined') return;
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim();
    // biome-ignore lint/suspicious/noDocumentCookie: happy-dom has no Cookie Store API; this is the reset itself.
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});
