import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';

// Each test starts with no decision cookie and an empty body.
afterEach(() => {
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});
