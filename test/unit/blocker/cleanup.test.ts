import { describe, expect, it } from 'vitest';
import {
  clearTraces,
  cookieDomains,
  cookiePaths,
  namePattern,
  withdrawnServices,
} from '../../../src/blocker/cleanup.js';
import { normalizeConfig } from '../../../src/core/index.js';

describe('cookie variants', () => {
  it('lists host-only and every parent domain down to two labels', () => {
    expect(cookieDomains('www.shop.fjordkaffe.no')).toEqual([
      undefined,
      '.www.shop.fjordkaffe.no',
      '.shop.fjordkaffe.no',
      '.fjordkaffe.no',
    ]);
    expect(cookieDomains('localhost')).toEqual([undefined]);
    expect(cookieDomains('127.0.0.1')).toEqual([undefined]);
  });

  it('lists `/` and every prefix of the path, with and without the trailing slash', () => {
    expect(cookiePaths('/kaffe/bonner/')).toEqual(['/', '/kaffe', '/kaffe/', '/kaffe/bonner', '/kaffe/bonner/']);
    expect(cookiePaths('/')).toEqual(['/']);
  });

  it('name patterns: `*` is any run of characters, everything else literal', () => {
    const matches = namePattern(['_ga_*', '_pk_id.*', '_gid']);
    expect(['_ga_ABC', '_pk_id.1.abcd', '_gid', '_ga', '_pk_idX1', 'x_gid'].map(matches)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(namePattern([])('_ga')).toBe(false);
  });
});

describe('withdrawnServices', () => {
  const config = normalizeConfig({
    categories: { statistics: { services: ['hotjar'] }, marketing: { services: ['meta-pixel', 'youtube'] } },
  });
  const ids = (list: unknown[]) => list.map((s) => (s as { id: string }).id);

  it('takes the configured services of withdrawn categories plus unlisted built-ins of those categories', () => {
    const statistics = ids(withdrawnServices(config, ['statistics'], []));
    expect(statistics).toContain('hotjar');
    expect(statistics).toContain('google-analytics');
    expect(statistics).not.toContain('meta-pixel');
  });

  it('takes a service allowed on its own', () => {
    expect(ids(withdrawnServices(config, [], ['youtube']))).toEqual(['youtube']);
  });
});

describe('clearTraces', () => {
  it('deletes matching cookies and storage keys and nothing else', () => {
    // The code under test deletes through document.cookie, so the fixture sets through it too.
    for (const cookie of ['_hjSession_1=a', '_hjSessionUser_1=b', 'keep=c']) {
      // biome-ignore lint/suspicious/noDocumentCookie: what clearTraces must undo is a document.cookie write.
      document.cookie = `${cookie}; path=/`;
    }
    localStorage.setItem('_hjLocal', '1');
    localStorage.setItem('keep', '1');
    sessionStorage.setItem('_hjSessionStorageTest', '1');
    const removed = clearTraces(document, [{ cookies: [{ name: '_hj*' }], storageKeys: ['_hj*'] }]);
    expect(removed.sort()).toEqual(['_hjSessionUser_1', '_hjSession_1']);
    expect(document.cookie).toBe('keep=c');
    expect([Object.keys(localStorage), Object.keys(sessionStorage)]).toEqual([['keep'], []]);
    localStorage.clear();
  });
});
